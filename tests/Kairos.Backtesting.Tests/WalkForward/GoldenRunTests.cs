using System.Globalization;
using System.Text;
using Kairos.Backtesting.Strategies;
using Kairos.Backtesting.WalkForward;
using Kairos.Core;
using Kairos.Data;
using Kairos.Forecasting;

namespace Kairos.Backtesting.Tests.WalkForward;

/// <summary>
/// Pinned statistics of a fixed run (Fixtures/golden, baseline forecaster, default options): any change to a forecast,
/// fill, fee or statistic fails loudly here. See Fixtures/golden/README.md for how the values were made.
/// </summary>
public class GoldenRunTests
{
    [Theory]
    [MemberData(nameof(Cases))]
    public void Golden_statistics_and_fingerprint_are_unchanged(string symbol, string expected)
    {
        var path = Path.Combine(AppContext.BaseDirectory, "Fixtures", "golden", symbol + ".csv");
        var series = BarCsvLoader.Load(path, Instrument.Infer(symbol), BarValidationPolicy.Default).Series;
        var r = new WalkForwardRunner(new BaselineForecaster()).Run(series);
        var actual = Describe(r);
        if (actual != expected)
        {
            // xUnit truncates long string diffs: keep the whole new description next to the test binaries.
            var dump = Path.Combine(AppContext.BaseDirectory, $"golden-{symbol}.actual.txt");
            File.WriteAllText(dump, actual);
            Assert.Fail($"Golden run of {symbol} changed; the new values are in {dump}.\n{actual}");
        }
    }

    public static TheoryData<string, string> Cases() => new()
    {
        { "BTCUSD", Btc },
        { "NIO", Nio },
    };

    private static string Describe(SymbolBacktest r)
    {
        var sb = new StringBuilder();
        sb.Append(CultureInfo.InvariantCulture, $"sims={r.Simulations} best={r.BestStrategy.Name()} fingerprint={r.Fingerprint}\n");
        foreach (var kind in StrategyNames.All)
        {
            var s = r.Stats[kind];
            sb.Append(CultureInfo.InvariantCulture, $"{kind.Name()} total={s.TotalReturn:R} avg={s.AverageDailyReturn:R} sharpe={s.Sharpe:R} sortino={s.Sortino:R} dd={s.MaxDrawdown:R} win={s.WinRate:R} trades={s.Trades} turnover={s.Turnover:R} fpnl={s.ForecastedPnl:R}\n");
        }

        var l = r.Live;
        sb.Append(CultureInfo.InvariantCulture, $"live close={l.PredictedClose:R} high={l.PredictedHigh:R} low={l.PredictedLow:R} maxdiff={l.MaxDiffSide} {l.MaxDiffLowPrice:R}/{l.MaxDiffHighPrice:R} pctdiff={l.PctDiffEntryLowPrice:R}/{l.PctDiffTakeProfitHighPrice:R}\n");
        return sb.ToString();
    }

    private const string Btc =
        """
        sims=70 best=pctdiff fingerprint=a15e18f673ddbab454fb4e491bcc893a7f582ea9d89644f3e43a2edc85360838
        maxdiff total=0.015959696048892778 avg=0.0022799565784132544 sharpe=1.485109054843666 sortino=6.079968051293608 dd=-0.04234785522635287 win=0.8984771573604061 trades=197 turnover=0.8040816326530612 fpnl=0.004678661412308998
        maxdiffalwayson total=0.041137653887624415 avg=0.005876807698232058 sharpe=6.248931935276147 sortino=6.84347055778691 dd=-0.04234785522635287 win=0.9241379310344827 trades=290 turnover=1.1836734693877549 fpnl=0.006012850605126922
        pctdiff total=0.04885592487381415 avg=0.006979417839116308 sharpe=9.11931873198326 sortino=3.751932147921491 dd=-0.056581472924702725 win=0.7861271676300579 trades=173 turnover=0.7061224489795916 fpnl=0.008843329226936345
        simple total=-0.012743057585152994 avg=-0.00186815399340618 sharpe=-5.069666560377578 sortino=1.8974512589682242 dd=-0.11136246472788014 win=0.328042328042328 trades=189 turnover=0.25102040816326543 fpnl=-0.0018681539934061824
        all_signals total=-0.018398625369746766 avg=-0.002638935465917559 sharpe=-5.917308266087997 sortino=-4.477574669843842 dd=-0.06934289582601894 win=0.1686746987951807 trades=83 turnover=0.2795918367346939 fpnl=-0.0026389354659175574
        highlow total=-0.002279989679716263 avg=-0.00032571281138803746 sharpe=-1.4736506078265361 sortino=5.000905091887087 dd=-0.042818513336151165 win=0.4819277108433735 trades=83 turnover=0.11836734693877557 fpnl=-0.0003257128113880375
        takeprofit total=-0.010714636457388748 avg=-0.0015306623510555352 sharpe=-2.715348118089314 sortino=7.141140882482268 dd=-0.10435965987601159 win=0.41798941798941797 trades=189 turnover=0.15306122448979592 fpnl=-0.0015306623510555344
        buy_hold total=-0.010215691784688183 avg=-0.00138685193531615 sharpe=-2.534367355909405 sortino=0.40679702548861224 dd=-0.19077919754917783 win=0.41836734693877553 trades=490 turnover=0.14285714285714288 fpnl=-0.0013868519353161515
        unprofit_shutdown total=-0.020446773847096512 avg=-0.0029902416122782847 sharpe=-7.194756286886944 sortino=-1.0686797143020819 dd=-0.11473273763108294 win=0.30434782608695654 trades=184 turnover=0.5326530612244895 fpnl=-0.002990241612278286
        live close=8752.559812657433 high=8870.300845677188 low=8521.578834156384 maxdiff=buy 8521.578834156384/8739.65849567719 pctdiff=8578.389359717426/8811.435603989748

        """;

    private const string Nio =
        """
        sims=70 best=all_signals fingerprint=9904edb8646fa31effd1429a2348b8be0189b0a0d870c1fd05e1d7dfdd418159
        maxdiff total=-0.009741033974902804 avg=-0.0013915762821289728 sharpe=-0.9148484596710209 sortino=13.929415151650627 dd=-0.14002642831011547 win=0.7211895910780669 trades=269 turnover=1.0979591836734697 fpnl=-0.001391576282128973
        maxdiffalwayson total=0.018013716392409396 avg=0.002573388056058485 sharpe=-1.2655438294049899 sortino=55.92811557989335 dd=-0.15736165047363282 win=0.6202830188679245 trades=424 turnover=2.240816326530613 fpnl=-0.005902520952484676
        pctdiff total=0.05560250523104675 avg=0.007943215033006679 sharpe=8.99526772539111 sortino=22.990108792410677 dd=-0.10961914053592625 win=0.8008298755186722 trades=241 turnover=0.9836734693877554 fpnl=0.00474737895029169
        simple total=0.005144041558678414 avg=0.0010531285639735785 sharpe=0.023923586970231867 sortino=2.616091406438688 dd=-0.11758128037980597 win=0.46530612244897956 trades=490 turnover=0.3632653061224486 fpnl=0.008848442013055053
        all_signals total=0.012873127219478399 avg=0.0019553034539128524 sharpe=0.6861478096439564 sortino=21.91646828586517 dd=-0.09539531564616421 win=0.5186915887850467 trades=214 turnover=0.557142857142857 fpnl=0.00951290995184862
        highlow total=-0.015277073270910125 avg=-0.002182439038701447 sharpe=-2.066979886613845 sortino=-1.1023719922939108 dd=-0.12129712439284346 win=0.40271493212669685 trades=221 turnover=0.3183673469387752 fpnl=-0.002182439038701447
        takeprofit total=-0.010535630701104635 avg=-0.001505090100157805 sharpe=-0.5467199549605926 sortino=1.5517641444300356 dd=-0.11087353613884621 win=0.5204081632653061 trades=490 turnover=0.3632653061224486 fpnl=-0.0015050901001578056
        buy_hold total=0.012514364971285765 avg=0.0018697633917375714 sharpe=0.18990056788775864 sortino=4.193393821744862 dd=-0.15752620807825013 win=0.5122448979591837 trades=490 turnover=0.14285714285714288 fpnl=0.01333303140233255
        unprofit_shutdown total=-0.015184491849188226 avg=-0.002066246907444024 sharpe=-2.0213053489915613 sortino=5.354900161635551 dd=-0.13633987980002926 win=0.41846153846153844 trades=325 turnover=0.8510204081632652 fpnl=-0.002066246907444024
        live close=5.8516053008708075 high=5.988586741978079 low=5.721444252862236 maxdiff=buy 5.62323174996545/6.03223674326554 pctdiff=5.716578278326194/5.825815807175109

        """;
}
