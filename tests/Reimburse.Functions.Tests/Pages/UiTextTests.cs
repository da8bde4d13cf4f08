using System.Reflection;
using System.Text.RegularExpressions;
using Reimburse.Functions.Pages;
using Reimburse.Functions.Pages.Text;
using Reimburse.Money;
using Reimburse.Testing;
using Reimburse.Text;

namespace Reimburse.Functions.Tests.Pages;

public sealed partial class UiTextTests
{
    public static TheoryData<string> Texts()
    {
        var data = new TheoryData<string>();
        foreach (var (name, _) in AllTexts())
        {
            data.Add(name);
        }
        return data;
    }

    [Theory]
    [MemberData(nameof(Texts))]
    public void Every_ui_text_has_japanese_and_english_with_the_same_placeholders(string name)
    {
        var text = AllTexts().Single(t => t.Name == name).Text;

        Assert.False(string.IsNullOrWhiteSpace(text.Ja));
        Assert.False(string.IsNullOrWhiteSpace(text.En));
        Assert.Equal(Placeholders(text.Ja), Placeholders(text.En));
        Assert.Matches(JapaneseScript(), text.Ja);
    }

    [Fact]
    public void Views_hold_no_japanese_text_of_their_own()
    {
        var pages = Path.Combine(RepoPaths.Root, "src", "Reimburse.Functions", "Pages");
        var offenders = Directory.EnumerateFiles(pages, "*.cshtml", SearchOption.AllDirectories)
            .Where(f => JapaneseScript().IsMatch(File.ReadAllText(f)))
            .Select(f => Path.GetRelativePath(pages, f))
            .ToList();

        Assert.Empty(offenders);
    }

    [Fact]
    public void Dates_times_and_money_are_written_the_japanese_or_english_way_in_japan_time()
    {
        var ja = Ui.For("ja");
        var en = Ui.For("en");
        var instant = new DateTimeOffset(2024, 6, 30, 15, 5, 0, TimeSpan.Zero);

        Assert.Equal("2024年7月1日(月)", ja.Date(new DateOnly(2024, 7, 1)));
        Assert.Equal("1 July 2024", en.Date(new DateOnly(2024, 7, 1)));
        Assert.Equal("2024年7月1日 0:05", ja.Time(instant));
        Assert.Equal("1 Jul 2024, 00:05 JST", en.Time(instant));
        Assert.Equal("1,100円", ja.Money(new Yen(1_100)));
        Assert.Equal("¥1,100", en.Money(new Yen(1_100)));
    }

    private static IEnumerable<(string Name, LocalizedText Text)> AllTexts() =>
        typeof(UiText).GetNestedTypes().Prepend(typeof(UiText))
            .SelectMany(t => t.GetFields(BindingFlags.Public | BindingFlags.Static)
                .Where(f => f.FieldType == typeof(LocalizedText))
                .Select(f => (t.Name + "." + f.Name, (LocalizedText)f.GetValue(null)!)));

    private static string[] Placeholders(string text) => [.. Placeholder().Matches(text).Select(m => m.Value).Order(StringComparer.Ordinal)];

    [GeneratedRegex(@"\{\d+\}")]
    private static partial Regex Placeholder();

    [GeneratedRegex(@"[\p{IsHiragana}\p{IsKatakana}\p{IsCJKUnifiedIdeographs}\p{IsCJKSymbolsandPunctuation}\p{IsHalfwidthandFullwidthForms}]")]
    private static partial Regex JapaneseScript();
}
