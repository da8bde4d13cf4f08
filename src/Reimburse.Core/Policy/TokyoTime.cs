namespace Reimburse.Policy;

/// <summary>Japan time. Japan has not observed daylight saving time since 1951, so a fixed +09:00 is exact.</summary>
public static class TokyoTime
{
    /// <summary>UTC+9.</summary>
    public static readonly TimeSpan Offset = TimeSpan.FromHours(9);

    /// <summary>The calendar day in Japan at <paramref name="instant"/>.</summary>
    public static DateOnly DateOf(DateTimeOffset instant) => DateOnly.FromDateTime(instant.ToOffset(Offset).DateTime);

    /// <summary>The last instant (23:59:59 JST) of <paramref name="day"/>, in UTC.</summary>
    public static DateTimeOffset EndOf(DateOnly day) =>
        new DateTimeOffset(day.ToDateTime(new TimeOnly(23, 59, 59)), Offset).ToUniversalTime();
}
