using System.Security.Cryptography;
using System.Text;

namespace Reimburse.ClaimCodes;

/// <summary>
/// The one-time claim code printed on the notice letter/email: 15 random symbols from a 32-symbol alphabet without
/// look-alikes (no 0/O/1/I), 75 bits of entropy, plus a Luhn mod 32 check symbol that catches every single mistyped
/// symbol and most swaps of neighbours, grouped in fours: <c>ABCD-EFGH-JKLM-NPQ7</c>.
/// </summary>
public static class ClaimCode
{
    /// <summary>The symbols, in check-value order.</summary>
    public const string Alphabet = "23456789ABCDEFGHJKLMNPQRSTUVWXYZ";

    /// <summary>Random symbols per code.</summary>
    public const int RandomLength = 15;

    /// <summary>Symbols per code including the check symbol.</summary>
    public const int Length = RandomLength + 1;

    /// <summary>Bits of entropy: <see cref="RandomLength"/> × log2(32).</summary>
    public const int EntropyBits = RandomLength * 5;

    /// <summary>A new code in its printed form, from the operating system's cryptographic random source.</summary>
    public static string Generate()
    {
        Span<char> symbols = stackalloc char[Length];
        for (var i = 0; i < RandomLength; i++)
        {
            // Uniform: 32 divides 2^31, and GetInt32 rejects biased draws anyway.
            symbols[i] = Alphabet[RandomNumberGenerator.GetInt32(Alphabet.Length)];
        }
        symbols[RandomLength] = CheckSymbol(symbols[..RandomLength]);
        return Format(symbols);
    }

    /// <summary>
    /// The canonical form (16 symbols, no separators) of what a person typed: width, case, spaces and hyphens are
    /// ignored. False when it has the wrong length, a symbol outside the alphabet, or a wrong check symbol.
    /// </summary>
    public static bool TryNormalize(string? input, out string normalized)
    {
        normalized = "";
        if (input is null || input.Length > 64)
        {
            return false;
        }
        var folded = input.Normalize(NormalizationForm.FormKC).ToUpperInvariant();
        Span<char> symbols = stackalloc char[Length];
        var n = 0;
        foreach (var c in folded)
        {
            if (c is ' ' or '-' or '‐' or '−' or 'ー' or '\t')
            {
                continue;
            }
            if (n == Length || Alphabet.IndexOf(c, StringComparison.Ordinal) < 0)
            {
                return false;
            }
            symbols[n++] = c;
        }
        if (n != Length || CheckSymbol(symbols[..RandomLength]) != symbols[RandomLength])
        {
            return false;
        }
        normalized = new string(symbols);
        return true;
    }

    /// <summary>The printed form of a canonical code: groups of four joined by hyphens.</summary>
    public static string Format(ReadOnlySpan<char> canonical)
    {
        var sb = new StringBuilder(canonical.Length + canonical.Length / 4);
        for (var i = 0; i < canonical.Length; i++)
        {
            if (i > 0 && i % 4 == 0)
            {
                sb.Append('-');
            }
            sb.Append(canonical[i]);
        }
        return sb.ToString();
    }

    /// <summary>The Luhn mod 32 check symbol of <paramref name="symbols"/> (all in <see cref="Alphabet"/>).</summary>
    public static char CheckSymbol(ReadOnlySpan<char> symbols)
    {
        const int N = 32;
        var factor = 2;
        var sum = 0;
        for (var i = symbols.Length - 1; i >= 0; i--)
        {
            var value = Alphabet.IndexOf(symbols[i], StringComparison.Ordinal);
            if (value < 0)
            {
                throw new ArgumentException($"'{symbols[i]}' is not a claim-code symbol.", nameof(symbols));
            }
            var addend = factor * value;
            sum += addend / N + addend % N;
            factor = factor == 2 ? 1 : 2;
        }
        return Alphabet[(N - sum % N) % N];
    }
}
