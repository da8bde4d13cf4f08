using System.Globalization;
using System.Text.RegularExpressions;

namespace Reimburse.Japanese;

/// <summary>A Japanese era (元号): its name, the letter used in abbreviated dates, and its first day.</summary>
public sealed record JapaneseEra(string Name, char Letter, DateOnly Start);

/// <summary>A date found in a text.</summary>
/// <param name="Date">The Gregorian date.</param>
/// <param name="Index">Start of the match in the width-normalised text (<see cref="Width.Normalize"/>).</param>
/// <param name="Length">Length of the match in the width-normalised text.</param>
/// <param name="IsWareki">True when written with an era (令和6年…, R6.5.10).</param>
public sealed record DateMatch(DateOnly Date, int Index, int Length, bool IsWareki);

/// <summary>
/// Japanese-calendar (和暦) dates: conversion between era years and Gregorian years, formatting, and finding the
/// dates written on Japanese documents in either calendar.
/// </summary>
/// <remarks>
/// Parsing is strict about era boundaries: 平成31年5月1日 does not exist (令和 began that day) and is not accepted,
/// so a misread era never turns into a plausible wrong date. Eras before 明治 are not supported.
/// </remarks>
public static partial class Wareki
{
    /// <summary>The supported eras, newest first.</summary>
    public static IReadOnlyList<JapaneseEra> Eras { get; } =
    [
        new("令和", 'R', new DateOnly(2019, 5, 1)),
        new("平成", 'H', new DateOnly(1989, 1, 8)),
        new("昭和", 'S', new DateOnly(1926, 12, 25)),
        new("大正", 'T', new DateOnly(1912, 7, 30)),
        new("明治", 'M', new DateOnly(1868, 1, 25)),
    ];

    /// <summary>The era <paramref name="date"/> falls in; null before 明治.</summary>
    public static JapaneseEra? EraOf(DateOnly date) => Eras.FirstOrDefault(e => date >= e.Start);

    /// <summary>"令和6年5月10日"; the first year of an era is written 元年.</summary>
    public static string Format(DateOnly date)
    {
        var era = EraOf(date) ?? throw new ArgumentOutOfRangeException(nameof(date), date, "Dates before 明治 have no supported era.");
        var year = date.Year - era.Start.Year + 1;
        var yearText = year == 1 ? "元" : year.ToString(CultureInfo.InvariantCulture);
        return string.Create(CultureInfo.InvariantCulture, $"{era.Name}{yearText}年{date.Month}月{date.Day}日");
    }

    /// <summary>Converts an era date; false when the era is unknown or the date lies outside it.</summary>
    /// <param name="era">Era name (令和) or letter (R, case-insensitive).</param>
    /// <param name="eraYear">Year of the era, 1 for 元年.</param>
    /// <param name="month">Month, 1–12.</param>
    /// <param name="day">Day of the month.</param>
    /// <param name="date">The Gregorian date when the conversion succeeds.</param>
    public static bool TryToWestern(string era, int eraYear, int month, int day, out DateOnly date)
    {
        ArgumentNullException.ThrowIfNull(era);
        date = default;
        var index = -1;
        for (var i = 0; i < Eras.Count; i++)
        {
            if (era == Eras[i].Name || (era.Length == 1 && char.ToUpperInvariant(era[0]) == Eras[i].Letter))
            {
                index = i;
                break;
            }
        }
        if (index < 0 || eraYear < 1 || month is < 1 or > 12 || day < 1)
        {
            return false;
        }
        var start = Eras[index].Start;
        var year = start.Year + eraYear - 1;
        if (year > 9999 || day > DateTime.DaysInMonth(year, month))
        {
            return false;
        }
        var candidate = new DateOnly(year, month, day);
        var end = index == 0 ? DateOnly.MaxValue : Eras[index - 1].Start;
        if (candidate < start || candidate >= end)
        {
            return false;
        }
        date = candidate;
        return true;
    }

    /// <summary>Parses a text that is one date (surrounding spaces and a weekday in brackets allowed).</summary>
    public static bool TryParse(string? text, out DateOnly date)
    {
        date = default;
        if (string.IsNullOrWhiteSpace(text))
        {
            return false;
        }
        var normalized = Width.Normalize(text).Trim();
        var matches = FindAll(normalized);
        if (matches.Count != 1 || matches[0].Index != 0)
        {
            return false;
        }
        var rest = normalized[matches[0].Length..].Trim();
        if (rest.Length != 0 && !WeekdaySuffix().IsMatch(rest))
        {
            return false;
        }
        date = matches[0].Date;
        return true;
    }

    /// <summary>Every valid date in <paramref name="text"/>, in order; indices refer to the width-normalised text.</summary>
    public static IReadOnlyList<DateMatch> FindAll(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var normalized = Width.Normalize(text);
        var found = new List<DateMatch>();
        foreach (Match m in DatePattern().Matches(normalized))
        {
            if (TryConvert(m, out var date, out var isWareki))
            {
                found.Add(new DateMatch(date, m.Index, m.Length, isWareki));
            }
        }
        return found;
    }

    private static bool TryConvert(Match m, out DateOnly date, out bool isWareki)
    {
        date = default;
        var month = int.Parse(m.Groups["m"].Value, CultureInfo.InvariantCulture);
        var day = int.Parse(m.Groups["d"].Value, CultureInfo.InvariantCulture);
        if (m.Groups["era"].Success)
        {
            isWareki = true;
            var y = m.Groups["ey"].Value;
            var eraYear = y == "元" ? 1 : int.Parse(y, CultureInfo.InvariantCulture);
            return TryToWestern(m.Groups["era"].Value, eraYear, month, day, out date);
        }
        isWareki = false;
        var year = int.Parse(m.Groups["y"].Value, CultureInfo.InvariantCulture);
        if (year < 1868 || month is < 1 or > 12 || day < 1 || day > DateTime.DaysInMonth(year, month))
        {
            return false;
        }
        date = new DateOnly(year, month, day);
        return true;
    }

    // One pattern for the forms seen on statements: 令和6年5月10日 / 令和元年… / R6.5.10 / R06/05/10 / R6年5月10日,
    // 2024年5月10日 / 2024/5/10 / 2024-05-10 / 2024.05.10. Spaces are tolerated inside (OCR inserts them).
    [GeneratedRegex(
        """
        (?:
            (?<era>明治|大正|昭和|平成|令和)\s*(?<ey>元|\d{1,2})\s*年\s*(?<m>\d{1,2})\s*月\s*(?<d>\d{1,2})\s*日
          | (?<![A-Za-z])(?<era>[MTSHRmtshr])\s?(?<ey>\d{1,2})\s*(?:[./-]|年)\s*(?<m>\d{1,2})\s*(?:[./-]|月)\s*(?<d>\d{1,2})(?:\s*日)?(?!\d)
          | (?<!\d)(?<y>\d{4})\s*年\s*(?<m>\d{1,2})\s*月\s*(?<d>\d{1,2})\s*日
          | (?<![\d.,/-])(?<y>\d{4})(?<sep>[/.-])(?<m>\d{1,2})\k<sep>(?<d>\d{1,2})(?![\d.,])
        )
        """,
        RegexOptions.IgnorePatternWhitespace | RegexOptions.CultureInvariant)]
    private static partial Regex DatePattern();

    [GeneratedRegex(@"^[(（][月火水木金土日](?:曜日?)?[)）]$", RegexOptions.CultureInvariant)]
    private static partial Regex WeekdaySuffix();
}
