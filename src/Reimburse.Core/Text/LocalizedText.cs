namespace Reimburse.Text;

/// <summary>A message for people, in Japanese (the default) and English.</summary>
/// <param name="Ja">Japanese text.</param>
/// <param name="En">English text.</param>
public sealed record LocalizedText(string Ja, string En)
{
    /// <summary>The text for a language tag ("ja", "en-US", …); Japanese unless the tag is English.</summary>
    public string For(string? language) =>
        language is not null && language.StartsWith("en", StringComparison.OrdinalIgnoreCase) ? En : Ja;

    /// <summary>The English text: what logs and developers see.</summary>
    public override string ToString() => En;
}
