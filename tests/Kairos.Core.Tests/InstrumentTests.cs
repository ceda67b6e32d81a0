using Kairos.Core;

namespace Kairos.Core.Tests;

public class InstrumentTests
{
    [Theory]
    [InlineData("BTCUSD", "BTCUSD", AssetClass.Crypto)]
    [InlineData("btc/usd", "BTCUSD", AssetClass.Crypto)]
    [InlineData("ETH-USD", "ETHUSD", AssetClass.Crypto)]
    [InlineData("SUIUSDT", "SUIUSDT", AssetClass.Crypto)]
    [InlineData("USDCUSD", "USDCUSD", AssetClass.Crypto)]
    [InlineData(" solusdc ", "SOLUSDC", AssetClass.Crypto)]
    [InlineData("AAPL", "AAPL", AssetClass.Equity)]
    [InlineData("MSTR", "MSTR", AssetClass.Equity)]
    [InlineData("USD", "USD", AssetClass.Equity)] // no base currency
    [InlineData("XUSD", "XUSD", AssetClass.Equity)] // base shorter than two letters
    [InlineData("BRK.B", "BRK.B", AssetClass.Equity)]
    public void Infer_classifies_by_form(string input, string symbol, AssetClass assetClass)
    {
        var instrument = Instrument.Infer(input);
        Assert.Equal(symbol, instrument.Symbol);
        Assert.Equal(assetClass, instrument.AssetClass);
    }

    [Fact]
    public void Calendar_follows_asset_class()
    {
        Assert.Same(CryptoCalendar.Instance, Instrument.Infer("BTCUSD").Calendar);
        Assert.Equal(365, Instrument.Infer("BTCUSD").TradingDaysPerYear);
        Assert.Same(NyseCalendar.Instance, Instrument.Infer("AAPL").Calendar);
        Assert.Equal(252, Instrument.Infer("AAPL").TradingDaysPerYear);
        Assert.True(Instrument.Infer("BTCUSD").IsCrypto);
    }

    [Fact]
    public void Constructor_normalises_and_rejects_blank()
    {
        Assert.Equal("AAPL", new Instrument(" aapl ", AssetClass.Equity).Symbol);
        Assert.Equal(new Instrument("AAPL", AssetClass.Equity), new Instrument("aapl", AssetClass.Equity));
        Assert.Throws<ArgumentException>(() => new Instrument(" ", AssetClass.Equity));
        Assert.Throws<ArgumentException>(() => Instrument.Infer(""));
    }
}
