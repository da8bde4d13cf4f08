using Reimburse.Azure.Storage.Tables;

namespace Reimburse.Azure.Tests.Storage.Tables;

public sealed class TableQueryFilterTests
{
    [Fact]
    public void Quote_in_a_string_is_doubled()
    {
        var name = "O'Brien";

        Assert.Equal("Name eq 'O''Brien'", TableClient.CreateQueryFilter($"Name eq {name}"));
    }

    [Fact]
    public void Injection_attempt_stays_inside_one_string_literal()
    {
        var input = "x' or 'a' eq 'a";

        var filter = TableClient.CreateQueryFilter($"PartitionKey eq {input}");

        Assert.Equal("PartitionKey eq 'x'' or ''a'' eq ''a'", filter);
    }

    [Fact]
    public void Each_type_gets_its_odata_literal()
    {
        var when = new DateTimeOffset(2024, 3, 1, 9, 0, 0, TimeSpan.FromHours(9)).AddTicks(5);
        var id = Guid.Parse("0f8fad5b-d9cb-469f-a165-70867728950e");
        byte[] bytes = [0x00, 0xAB, 0xFF];

        var filter = TableClient.CreateQueryFilter(
            $"A eq {42} and B eq {42L} and C eq {1.5} and D eq {2.0} and E eq {true} and F eq {false} and G eq {when} and H eq {id} and I eq {bytes} and J eq {(string?)null}");

        Assert.Equal(
            "A eq 42 and B eq 42L and C eq 1.5 and D eq 2.0 and E eq true and F eq false and " +
            "G eq datetime'2024-03-01T00:00:00.0000005Z' and H eq guid'0f8fad5b-d9cb-469f-a165-70867728950e' and I eq X'00abff' and J eq null",
            filter);
    }

    [Fact]
    public void Utc_datetime_is_formatted_and_unspecified_kind_is_refused()
    {
        var utc = new DateTime(2024, 1, 2, 3, 4, 5, DateTimeKind.Utc);
        var unspecified = new DateTime(2024, 1, 2, 3, 4, 5, DateTimeKind.Unspecified);

        Assert.Equal("T lt datetime'2024-01-02T03:04:05.0000000Z'", TableClient.CreateQueryFilter($"T lt {utc}"));
        Assert.Throws<ArgumentException>(() => TableClient.CreateQueryFilter($"T lt {unspecified}"));
    }

    [Fact]
    public void Value_without_a_table_literal_is_refused()
    {
        var amount = 1.5m;

        var ex = Assert.Throws<ArgumentException>(() => TableClient.CreateQueryFilter($"Amount eq {amount}"));

        Assert.Contains("Decimal", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Literal_text_of_the_template_is_kept_as_written()
    {
        var rowKey = "0001";

        Assert.Equal("PartitionKey eq 'c' and RowKey ge '0001'", TableClient.CreateQueryFilter($"PartitionKey eq {"c"} and RowKey ge {rowKey}"));
    }
}
