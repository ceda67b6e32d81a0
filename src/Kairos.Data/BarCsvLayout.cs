namespace Kairos.Data;

/// <summary>The header layouts the CSV loader recognises. Detection is by column names, never by position.</summary>
public enum BarCsvLayout
{
    /// <summary>Kairos's own: <c>timestamp,open,high,low,close[,volume]</c>.</summary>
    Kairos,

    /// <summary>Yahoo Finance export: a <c>Date</c> column and capitalised names, often with <c>Adj Close</c>.</summary>
    Yahoo,

    /// <summary>yfinance as saved by lee101/stock-prediction: <c>Date,close,high,low,open,volume</c> (not OHLC order).</summary>
    YahooLee101,

    /// <summary>Alpaca market data: <c>t,o,h,l,c,v</c>, optionally <c>n</c> and <c>vw</c> (ignored).</summary>
    Alpaca,

    /// <summary>backtesting.py fixtures: an unnamed first column holding the date.</summary>
    BacktestingPy,

    /// <summary>Any other header whose names map onto the required columns (<c>datetime,Open,…</c>).</summary>
    Other,
}
