using Kairos.Core;

namespace Kairos.Brokers.Alpaca.Tests;

public sealed class AlpacaSymbolsTests
{
    [Theory]
    [InlineData("BTCUSD", "BTC/USD")]
    [InlineData("SUIUSDT", "SUI/USDT")]
    [InlineData("ETHUSDC", "ETH/USDC")]
    [InlineData("ETHBTC", "ETH/BTC")]
    [InlineData("WBTCUSD", "WBTC/USD")]
    public void Crypto_orders_and_data_use_the_slash_form(string kairos, string alpaca)
    {
        var instrument = new Instrument(kairos, AssetClass.Crypto);

        Assert.Equal(alpaca, AlpacaSymbols.ToOrderSymbol(instrument));
        Assert.Equal(alpaca, AlpacaSymbols.ToDataSymbol(instrument));
        Assert.Equal(kairos, AlpacaSymbols.ToPositionSymbol(instrument));
    }

    [Fact]
    public void Equities_are_the_same_everywhere()
    {
        var aapl = new Instrument("AAPL", AssetClass.Equity);

        Assert.Equal("AAPL", AlpacaSymbols.ToOrderSymbol(aapl));
        Assert.Equal("AAPL", AlpacaSymbols.ToPositionSymbol(aapl));
    }

    [Theory]
    [InlineData("BTC/USD", null, "BTCUSD", AssetClass.Crypto)]
    [InlineData("BTCUSD", "crypto", "BTCUSD", AssetClass.Crypto)]
    [InlineData("SUI/USDT", "crypto", "SUIUSDT", AssetClass.Crypto)]
    [InlineData("AAPL", "us_equity", "AAPL", AssetClass.Equity)]
    [InlineData("AAPL", null, "AAPL", AssetClass.Equity)]
    public void Alpaca_symbols_map_back_to_kairos(string alpaca, string? assetClass, string symbol, AssetClass expected)
    {
        Assert.Equal(new Instrument(symbol, expected), AlpacaSymbols.FromAlpaca(alpaca, assetClass));
    }

    [Fact]
    public void A_crypto_symbol_without_a_known_quote_is_refused()
    {
        Assert.Throws<ArgumentException>(() => AlpacaSymbols.ToOrderSymbol(new Instrument("FOOBAR", AssetClass.Crypto)));
    }
}
