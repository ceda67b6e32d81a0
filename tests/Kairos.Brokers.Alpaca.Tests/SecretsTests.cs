using Kairos.Brokers.Alpaca.Fakes;
using Kairos.Core;
using Kairos.Core.Trading;

namespace Kairos.Brokers.Alpaca.Tests;

/// <summary>The key id and secret reach Alpaca's headers and nowhere else: not the log, not exceptions, not ToString.</summary>
public sealed class SecretsTests
{
    [Fact]
    public async Task A_session_with_every_failure_class_never_shows_the_credentials()
    {
        await using var h = await AlpacaHarness.StartAsync(o => o with { RequestTimeout = TimeSpan.FromSeconds(1), MaxRetries = 1 });
        var aapl = new Instrument("AAPL", AssetClass.Equity);
        h.Server.AddFault(new FakeFault("GET", "/v2/account", FakeFaultKind.RateLimited) { RetryAfterSeconds = 1 });
        h.Server.AddFault(new FakeFault("GET", "/v2/positions", FakeFaultKind.ServerError, Count: 5));
        h.Server.AddFault(new FakeFault("GET", "/v2/clock", FakeFaultKind.Hang, Count: 5));
        h.Server.AddFault(new FakeFault("GET", "/v2/orders", FakeFaultKind.Unauthorized));

        // A server that echoes the secret back in an error message.
        h.Server.SetCanned("GET", "/v2/calendar", 400, $$"""{"code":40010000,"message":"bad key {{AlpacaHarness.KeyId}} / {{AlpacaHarness.SecretKey}}"}""");
        h.Server.Account.BuyingPower = 10m;
        using var broker = h.NewBroker();
        var texts = new List<string>();

        await broker.GetAccountAsync();
        foreach (var call in new Func<Task>[]
        {
            () => broker.GetPositionsAsync(),
            () => broker.GetClockAsync(),
            () => broker.GetOpenOrdersAsync(),
            () => broker.GetCalendarAsync(new DateOnly(2024, 1, 1), new DateOnly(2024, 1, 2)),
        })
        {
            var ex = await Assert.ThrowsAsync<AlpacaException>(call);
            texts.Add(ex.Message);
            texts.Add(ex.ToString());
        }

        var rejected = await broker.SubmitOrderAsync(new("s1", aapl, OrderSide.Buy, 1m, OrderType.Limit, 100m, TimeInForce.Gtc));
        texts.Add(rejected.ToString());
        texts.Add(h.Options.ToString());
        texts.Add(h.Log.ToString());

        // The credentials did travel, in the headers only.
        Assert.All(h.Server.Requests, r => Assert.Equal(AlpacaHarness.SecretKey, r.Headers["APCA-API-SECRET-KEY"]));
        Assert.Contains("bad key *** / ***", texts[6], StringComparison.Ordinal);
        Assert.True(h.Log.ToString().Split('\n').Length > 10);
        foreach (var text in texts)
        {
            Assert.DoesNotContain(AlpacaHarness.SecretKey, text, StringComparison.Ordinal);
            Assert.DoesNotContain(AlpacaHarness.KeyId, text, StringComparison.Ordinal);
        }
    }
}
