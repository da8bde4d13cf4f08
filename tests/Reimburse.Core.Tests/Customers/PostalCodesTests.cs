using Reimburse.Customers;

namespace Reimburse.Core.Tests.Customers;

public sealed class PostalCodesTests
{
    [Theory]
    [InlineData("123-4567")]
    [InlineData("1234567")]
    [InlineData("１２３−４５６７")]
    [InlineData("１２３ー４５６７")]
    [InlineData("〒123-4567")]
    [InlineData(" 123-4567 ")]
    [InlineData("123－4567")]
    public void Written_forms_normalise_to_seven_digits(string written) =>
        Assert.Equal("1234567", PostalCodes.Normalize(written));

    [Theory]
    [InlineData("")]
    [InlineData("123-456")]
    [InlineData("12345678")]
    [InlineData("12-34567")]
    [InlineData("123--4567")]
    [InlineData("123-4567 東京")]
    [InlineData(null)]
    public void Other_text_is_not_a_postal_code(string? written) =>
        Assert.Null(PostalCodes.Normalize(written));

    [Fact]
    public void The_display_form_has_a_hyphen() => Assert.Equal("123-4567", PostalCodes.Format("1234567"));
}
