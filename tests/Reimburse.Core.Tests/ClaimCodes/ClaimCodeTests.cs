using System.Security.Cryptography;
using Reimburse.ClaimCodes;

namespace Reimburse.Core.Tests.ClaimCodes;

public sealed class ClaimCodeTests
{
    [Fact]
    public void The_alphabet_has_32_distinct_symbols_without_look_alikes()
    {
        Assert.Equal(32, ClaimCode.Alphabet.Distinct().Count());
        Assert.Equal(32, ClaimCode.Alphabet.Length);
        foreach (var c in "0O1I")
        {
            Assert.DoesNotContain(c, ClaimCode.Alphabet);
        }
    }

    [Fact]
    public void A_code_carries_at_least_60_bits_of_entropy()
    {
        var bits = ClaimCode.RandomLength * Math.Log2(ClaimCode.Alphabet.Length);

        Assert.True(bits >= 60, $"{bits} bits");
        Assert.Equal(ClaimCode.EntropyBits, (int)bits);
    }

    [Fact]
    public void A_generated_code_is_grouped_in_fours_and_passes_its_check()
    {
        var code = ClaimCode.Generate();

        Assert.Matches("^[23456789ABCDEFGHJKLMNPQRSTUVWXYZ]{4}(-[23456789ABCDEFGHJKLMNPQRSTUVWXYZ]{4}){3}$", code);
        Assert.True(ClaimCode.TryNormalize(code, out var canonical));
        Assert.Equal(code.Replace("-", "", StringComparison.Ordinal), canonical);
    }

    [Fact]
    public void Generated_codes_are_distinct_and_use_every_symbol_about_equally()
    {
        var codes = Enumerable.Range(0, 20_000).Select(_ => ClaimCode.Generate()).ToList();

        Assert.Equal(codes.Count, codes.Distinct().Count());
        var counts = codes.SelectMany(c => c.Replace("-", "", StringComparison.Ordinal)[..ClaimCode.RandomLength])
            .GroupBy(c => c).ToDictionary(g => g.Key, g => g.Count());
        Assert.Equal(32, counts.Count);
        // 300,000 draws: 9,375 expected per symbol, σ ≈ 95; ±800 is more than 8σ.
        Assert.All(counts.Values, n => Assert.InRange(n, 9_375 - 800, 9_375 + 800));
    }

    [Fact]
    public void Typed_variants_normalise_to_the_same_code()
    {
        var code = ClaimCode.Generate();
        var canonical = code.Replace("-", "", StringComparison.Ordinal);
        var fullWidth = string.Concat(code.ToLowerInvariant().Select(c => c == '-' ? 'ー' : (char)(c + 0xFEE0)));

        foreach (var typed in new[] { code.ToLowerInvariant(), canonical, " " + code.Replace("-", " ", StringComparison.Ordinal) + " ", fullWidth })
        {
            Assert.True(ClaimCode.TryNormalize(typed, out var n), typed);
            Assert.Equal(canonical, n);
        }
    }

    [Fact]
    public void Every_single_mistyped_symbol_is_caught_by_the_check_symbol()
    {
        for (var sample = 0; sample < 20; sample++)
        {
            var canonical = ClaimCode.Generate().Replace("-", "", StringComparison.Ordinal);
            for (var position = 0; position < ClaimCode.Length; position++)
            {
                foreach (var symbol in ClaimCode.Alphabet.Where(s => s != canonical[position]))
                {
                    var typo = canonical[..position] + symbol + canonical[(position + 1)..];
                    Assert.False(ClaimCode.TryNormalize(typo, out _), typo);
                }
            }
        }
    }

    [Fact]
    public void Most_swaps_of_neighbouring_symbols_are_caught()
    {
        int swaps = 0, caught = 0;
        for (var sample = 0; sample < 500; sample++)
        {
            var canonical = ClaimCode.Generate().Replace("-", "", StringComparison.Ordinal);
            for (var i = 0; i + 1 < ClaimCode.Length; i++)
            {
                if (canonical[i] == canonical[i + 1])
                {
                    continue;
                }
                var swapped = canonical[..i] + canonical[i + 1] + canonical[i] + canonical[(i + 2)..];
                swaps++;
                caught += ClaimCode.TryNormalize(swapped, out _) ? 0 : 1;
            }
        }

        Assert.True(caught >= swaps * 0.95, $"{caught} of {swaps}");
    }

    [Theory]
    [InlineData("")]
    [InlineData("ABCD-EFGH-JKLM")]
    [InlineData("ABCD-EFGH-JKLM-NPQRS")]
    [InlineData("0BCD-EFGH-JKLM-NPQR")]
    [InlineData("IBCD-EFGH-JKLM-NPQR")]
    [InlineData(null)]
    public void Malformed_input_is_not_a_code(string? typed) => Assert.False(ClaimCode.TryNormalize(typed, out _));

    [Fact]
    public void The_hmac_is_hex_keyed_and_does_not_contain_the_code()
    {
        var key = RandomNumberGenerator.GetBytes(32);
        var hasher = new ClaimCodeHasher(key);
        var canonical = ClaimCode.Generate().Replace("-", "", StringComparison.Ordinal);

        var hash = hasher.Hash(canonical);

        Assert.Matches("^[0-9a-f]{64}$", hash);
        Assert.Equal(hash, hasher.Hash(canonical));
        Assert.Equal(Convert.ToHexStringLower(HMACSHA256.HashData(key, System.Text.Encoding.ASCII.GetBytes(canonical))), hash);
        Assert.NotEqual(hash, new ClaimCodeHasher(RandomNumberGenerator.GetBytes(32)).Hash(canonical));
        Assert.DoesNotContain(canonical, hash, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public void A_short_hmac_key_is_refused() =>
        Assert.Throws<ArgumentException>(() => new ClaimCodeHasher(new byte[31]));
}
