using System.Globalization;
using Microsoft.AspNetCore.Http.Extensions;
using Microsoft.Extensions.Primitives;
using Reimburse.Money;
using Reimburse.Policy;
using Reimburse.Text;

namespace Reimburse.Functions.Pages;

/// <summary>
/// The page's language (Japanese by default, English on request) and how the pages write text, dates, times and
/// money in it. One per request; views get it as <c>Ui</c>.
/// </summary>
/// <remarks>
/// The language comes from <c>?lang=</c> (which the pages' middleware also remembers in a cookie), then that cookie,
/// then Japanese. The browser's Accept-Language is deliberately not used: the service is Japanese first, and a
/// phone set to English by a Japanese cardholder should not surprise them.
/// </remarks>
public sealed class Ui
{
    /// <summary>The query parameter that switches the language.</summary>
    public const string LanguageQuery = "lang";

    /// <summary>The cookie that remembers the choice.</summary>
    public const string LanguageCookie = "rb-lang";

    public const string Japanese = "ja";
    public const string English = "en";

    private static readonly CultureInfo JapaneseCulture = CultureInfo.GetCultureInfo("ja-JP");
    private static readonly CultureInfo EnglishCulture = CultureInfo.GetCultureInfo("en-GB");

    public Ui(IHttpContextAccessor accessor)
    {
        ArgumentNullException.ThrowIfNull(accessor);
        Lang = Resolve(accessor.HttpContext);
    }

    private Ui(string lang) => Lang = lang;

    /// <summary>"ja" or "en": the value of the page's <c>lang</c> attribute.</summary>
    public string Lang { get; }

    public bool IsEnglish => Lang == English;

    public CultureInfo Culture => IsEnglish ? EnglishCulture : JapaneseCulture;

    /// <summary>The text in the page's language.</summary>
    public string this[LocalizedText text] => (text ?? throw new ArgumentNullException(nameof(text))).For(Lang);

    /// <summary>For tests and non-request code: the formatting of one language.</summary>
    public static Ui For(string lang) => new(Supported(lang) ?? Japanese);

    /// <summary>The text with its <c>{0}</c>… placeholders filled in, numbers in the page's culture.</summary>
    public string Format(LocalizedText text, params object?[] args) => string.Format(Culture, this[text], args);

    /// <summary>A Japan calendar date: 2024年7月1日(月) / 1 July 2024.</summary>
    public string Date(DateOnly date) =>
        IsEnglish ? date.ToString("d MMMM yyyy", EnglishCulture) : date.ToString("yyyy年M月d日(ddd)", JapaneseCulture);

    /// <summary>An instant, shown in Japan time: 2024年7月1日 14:05 / 1 Jul 2024, 14:05 JST.</summary>
    public string Time(DateTimeOffset instant)
    {
        var tokyo = instant.ToOffset(TokyoTime.Offset);
        return IsEnglish ? tokyo.ToString("d MMM yyyy, HH:mm", EnglishCulture) + " JST" : tokyo.ToString("yyyy年M月d日 H:mm", JapaneseCulture);
    }

    /// <summary>Money: 1,100円 / ¥1,100.</summary>
    public string Money(Yen amount) =>
        IsEnglish ? amount.ToString() : amount.Amount.ToString("#,0", JapaneseCulture) + "円";

    /// <summary>A count with digit grouping.</summary>
    public string Count(long value) => value.ToString("#,0", Culture);

    /// <summary>The current page's address in <paramref name="lang"/> (other query parameters kept).</summary>
    public static string SwitchUrl(HttpRequest request, string lang)
    {
        ArgumentNullException.ThrowIfNull(request);
        var query = new QueryBuilder(request.Query.Where(q => q.Key != LanguageQuery).SelectMany(q => q.Value.Select(v => KeyValuePair.Create(q.Key, v ?? ""))))
        {
            { LanguageQuery, lang },
        };
        return request.PathBase + request.Path + query.ToQueryString();
    }

    /// <summary>"ja" or "en" when <paramref name="value"/> names a supported language, else null.</summary>
    public static string? Supported(StringValues value) => value.ToString() switch
    {
        Japanese => Japanese,
        English => English,
        _ => null,
    };

    private static string Resolve(HttpContext? context)
    {
        if (context is null)
        {
            return Japanese;
        }
        return Supported(context.Request.Query[LanguageQuery])
            ?? Supported(context.Request.Cookies[LanguageCookie])
            ?? Japanese;
    }
}
