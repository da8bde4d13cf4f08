using System.Globalization;

namespace Reimburse.Money;

/// <summary>An amount of Japanese yen. Always an integer: the yen has no minor unit in payments.</summary>
public readonly record struct Yen(long Amount) : IComparable<Yen>
{
    public static readonly Yen Zero = new(0);

    public bool IsZero => Amount == 0;

    public static Yen operator +(Yen a, Yen b) => new(checked(a.Amount + b.Amount));

    public static Yen operator -(Yen a, Yen b) => new(checked(a.Amount - b.Amount));

    public static bool operator <(Yen a, Yen b) => a.Amount < b.Amount;

    public static bool operator >(Yen a, Yen b) => a.Amount > b.Amount;

    public static bool operator <=(Yen a, Yen b) => a.Amount <= b.Amount;

    public static bool operator >=(Yen a, Yen b) => a.Amount >= b.Amount;

    public int CompareTo(Yen other) => Amount.CompareTo(other.Amount);

    public static Yen Add(Yen a, Yen b) => a + b;

    public static Yen Subtract(Yen a, Yen b) => a - b;

    /// <summary>"¥1,100" — the form used in the UI and in messages.</summary>
    public override string ToString() => "¥" + Amount.ToString("#,0", CultureInfo.InvariantCulture);
}
