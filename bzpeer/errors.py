"""The one error a service raises when a person may not do what they asked.

Services raise ``ApplicationError(MESSAGE_CONSTANT)``; views show ``exc.message`` as it is (a
form error or a flash message). Message texts are constants in the service modules, so tests
assert them exactly. Input that fails validation raises Django's ``ValidationError`` instead.
"""


class ApplicationError(Exception):
    def __init__(self, message: str, *, extra: dict | None = None):
        super().__init__(message)
        self.message = message
        self.extra = extra or {}
