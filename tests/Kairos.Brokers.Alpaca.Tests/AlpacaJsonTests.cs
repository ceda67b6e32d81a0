using System.Text.Json;

namespace Kairos.Brokers.Alpaca.Tests;

public sealed class AlpacaJsonTests
{
    [Theory]
    [InlineData("0.000012345", "0.000012345")]
    [InlineData("123456789.123456789", "123456789.123456789")]
    [InlineData("-1200.25", "-1200.25")]
    [InlineData("100000", "100000")]
    [InlineData("1e-9", "0.000000001")]
    public void String_numbers_parse_exactly_into_decimal(string wire, string expected)
    {
        using var doc = JsonDocument.Parse($$"""{"x": "{{wire}}"}""");

        var value = AlpacaJson.Decimal(doc.RootElement, "x");

        Assert.Equal(decimal.Parse(expected, System.Globalization.CultureInfo.InvariantCulture), value);
    }

    [Fact]
    public void Parsing_never_goes_through_double()
    {
        using var doc = JsonDocument.Parse("""{"x": "0.1", "y": "0.2"}""");

        // 0.1 + 0.2 is 0.3 exactly in decimal; through double it would be 0.30000000000000004.
        Assert.Equal(0.3m, AlpacaJson.Decimal(doc.RootElement, "x") + AlpacaJson.Decimal(doc.RootElement, "y"));
    }

    [Fact]
    public void Json_numbers_null_and_missing_fields()
    {
        using var doc = JsonDocument.Parse("""{"n": 61010.123456789, "z": null, "e": ""}""");

        Assert.Equal(61010.123456789m, AlpacaJson.Decimal(doc.RootElement, "n"));
        Assert.Null(AlpacaJson.Decimal(doc.RootElement, "z"));
        Assert.Null(AlpacaJson.Decimal(doc.RootElement, "e"));
        Assert.Null(AlpacaJson.Decimal(doc.RootElement, "missing"));
    }

    [Fact]
    public void A_non_number_string_is_a_clear_error()
    {
        using var doc = JsonDocument.Parse("""{"qty": "abc"}""");

        var ex = Assert.Throws<AlpacaException>(() => AlpacaJson.Decimal(doc.RootElement, "qty"));
        Assert.Contains("qty", ex.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("1.50", "1.5")]
    [InlineData("100", "100")]
    [InlineData("0.000000001", "0.000000001")]
    [InlineData("187.10", "187.1")]
    public void Request_numbers_are_written_plainly(string value, string wire)
    {
        Assert.Equal(wire, AlpacaJson.Format(decimal.Parse(value, System.Globalization.CultureInfo.InvariantCulture)));
    }
}
