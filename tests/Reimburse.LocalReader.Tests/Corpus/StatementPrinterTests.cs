using Reimburse.LocalReader.Corpus;
using Reimburse.Statements;
using Reimburse.Testing;

namespace Reimburse.LocalReader.Tests.Corpus;

public sealed class StatementPrinterTests : IDisposable
{
    private readonly string _folder = RepoPaths.NewTempFolder("printer");

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    [Fact]
    public async Task Ordered_statements_are_read_back_with_their_fee_card_holder_and_date()
    {
        var layouts = new[] { "letter", "statement", "notice", "web" };
        var orders = Enumerable.Range(0, 8).Select(i => new StatementOrder(
            "order-" + i, i % 2 == 0 ? "jcb" : "smbc", layouts[i % 4], 550 + (i * 110), false, (1000 + i).ToString(System.Globalization.CultureInfo.InvariantCulture),
            "山田 太郎", new DateOnly(2026, 3, 1).AddDays(i), Seed: i)).ToList();
        orders.Add(new StatementOrder("waived", "rakuten", "notice", null, true, "4321", "佐藤 花子", new DateOnly(2026, 4, 2)));

        var paths = await StatementPrinter.PrintAsync(orders, _folder, null, CancellationToken.None);

        using var reader = new LocalStatementReader(new LocalReaderOptions { EnginePoolSize = 1 });
        for (var i = 0; i < orders.Count; i++)
        {
            var order = orders[i];
            Assert.Equal(Path.Combine(_folder, order.Id + ".pdf"), paths[i]);
            var result = await reader.ReadAsync(new StatementInput(await File.ReadAllBytesAsync(paths[i]), "application/pdf"), CancellationToken.None);
            var facts = Assert.IsType<FeeStatementFacts>(result.Facts);
            Assert.Equal(order.Waived ? 0 : order.Fee, facts.Fee?.Value.Amount);
            Assert.Equal(order.Waived, facts.FeeWaived);
            Assert.Equal(order.Last4, facts.CardLast4?.Value);
            Assert.Equal(order.Date, facts.StatementDate?.Value);
            Assert.Equal(order.Issuer, facts.Issuer?.Value);
            Assert.True(facts.LooksLikeFeeStatement.Value);
        }
    }

    [Fact]
    public async Task An_unknown_layout_is_refused_before_printing()
    {
        var order = new StatementOrder("x", "jcb", "poster", 1_100, false, "1234", "山田 太郎", new DateOnly(2026, 3, 1));
        await Assert.ThrowsAsync<ArgumentException>(() => StatementPrinter.PrintAsync([order], _folder, null, CancellationToken.None));
    }
}
