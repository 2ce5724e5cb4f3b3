from pages.charts import sparkline


def test_sparkline_keeps_empty_years_as_gaps_and_scales_to_the_peak():
    spark = sparkline([(2018, 1), (2020, 4)], width=90, height=40)
    assert [b.year for b in spark.bars] == [2018, 2019, 2020]
    assert [b.height for b in spark.bars] == [10.0, 0.0, 40.0]
    assert spark.peak == 4
    assert (spark.first_year, spark.last_year) == (2018, 2020)


def test_sparkline_of_nothing_is_none():
    assert sparkline([]) is None
