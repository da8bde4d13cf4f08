using Reimburse.Japanese;

namespace Reimburse.Core.Tests.Japanese;

public class WarekiTests
{
    [Theory]
    [InlineData("令和6年5月10日", 2024, 5, 10)]
    [InlineData("令和元年5月1日", 2019, 5, 1)]
    [InlineData("令和 6 年 5 月 10 日", 2024, 5, 10)]
    [InlineData("令和６年１２月２８日", 2024, 12, 28)]
    [InlineData("平成31年4月30日", 2019, 4, 30)]
    [InlineData("平成元年1月8日", 1989, 1, 8)]
    [InlineData("昭和64年1月7日", 1989, 1, 7)]
    [InlineData("R6.5.10", 2024, 5, 10)]
    [InlineData("R06/05/10", 2024, 5, 10)]
    [InlineData("H31.4.30", 2019, 4, 30)]
    [InlineData("r7年1月6日", 2025, 1, 6)]
    [InlineData("2024年5月10日", 2024, 5, 10)]
    [InlineData("2024/5/10", 2024, 5, 10)]
    [InlineData("2024-05-10", 2024, 5, 10)]
    [InlineData("2024.05.10", 2024, 5, 10)]
    [InlineData("２０２４／０５／１０", 2024, 5, 10)]
    [InlineData("令和6年5月10日(金)", 2024, 5, 10)]
    [InlineData("2024年5月10日（金曜日）", 2024, 5, 10)]
    public void Wareki_and_western_dates_are_parsed(string text, int year, int month, int day)
    {
        Assert.True(Wareki.TryParse(text, out var date));
        Assert.Equal(new DateOnly(year, month, day), date);
    }

    [Theory]
    [InlineData("平成31年5月1日")] // 令和 began that day
    [InlineData("令和元年4月30日")] // before 令和
    [InlineData("昭和64年1月8日")] // 平成 began that day
    [InlineData("令和6年2月30日")]
    [InlineData("令和0年5月1日")]
    [InlineData("2024/13/01")]
    [InlineData("X6.5.10")]
    [InlineData("1,100円")]
    [InlineData("")]
    [InlineData("2024年5月10日 1,100円")]
    public void Impossible_or_non_dates_are_rejected(string text)
    {
        Assert.False(Wareki.TryParse(text, out _));
    }

    [Theory]
    [InlineData(2024, 5, 10, "令和6年5月10日")]
    [InlineData(2019, 5, 1, "令和元年5月1日")]
    [InlineData(2019, 4, 30, "平成31年4月30日")]
    [InlineData(1989, 1, 7, "昭和64年1月7日")]
    [InlineData(1989, 1, 8, "平成元年1月8日")]
    public void Dates_are_formatted_in_wareki(int year, int month, int day, string expected)
    {
        Assert.Equal(expected, Wareki.Format(new DateOnly(year, month, day)));
    }

    [Fact]
    public void Format_and_parse_round_trip_across_era_boundaries()
    {
        for (var d = new DateOnly(1988, 12, 1); d < new DateOnly(2020, 1, 1); d = d.AddDays(7))
        {
            Assert.True(Wareki.TryParse(Wareki.Format(d), out var back), Wareki.Format(d));
            Assert.Equal(d, back);
        }
    }

    [Fact]
    public void All_dates_in_a_text_are_found_with_their_calendar()
    {
        var found = Wareki.FindAll("発行日 令和6年5月10日　ご利用日 2024/04/28 お支払日 R6.6.10 金額 1,100円");
        Assert.Equal(
            [new DateOnly(2024, 5, 10), new DateOnly(2024, 4, 28), new DateOnly(2024, 6, 10)],
            found.Select(f => f.Date).ToArray());
        Assert.Equal([true, false, true], found.Select(f => f.IsWareki).ToArray());
    }

    [Fact]
    public void A_card_number_group_is_not_a_date()
    {
        Assert.Empty(Wareki.FindAll("4980-1234-5678-9012"));
    }
}
