using System.CommandLine;
using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using Kairos.Brokers.Alpaca;
using Kairos.Trading.Brokers;

namespace Kairos.Cli.Commands;

/// <summary>
/// One Alpaca connection for a read-only CLI command (<c>account</c>, <c>positions</c>, <c>orders</c>, <c>data pull</c>):
/// options from <see cref="AlpacaSetup"/>, a client without a request log (the commands print their own results), the
/// broker and the market data on it. Credentials stay inside <see cref="AlpacaOptions"/>; nothing here prints them.
/// </summary>
internal sealed class AlpacaSession : IDisposable
{
    private static readonly JsonSerializerOptions Indented = new() { WriteIndented = true };

    private AlpacaSession(AlpacaOptions options, TimeProvider time)
    {
        Options = options;
        Client = AlpacaSetup.Client(options, time, log: null);
        Broker = new AlpacaBroker(Client);
        MarketData = new AlpacaMarketData(Client);
    }

    public AlpacaOptions Options { get; }

    public AlpacaClient Client { get; }

    public AlpacaBroker Broker { get; }

    public AlpacaMarketData MarketData { get; }

    /// <summary>The <c>--live</c> and <c>--alpaca-config</c> options of one command.</summary>
    public static (Option<bool> Live, Option<FileInfo?> Credentials) CreateOptions() => (AlpacaSetup.LiveOption(), AlpacaSetup.CredentialsOption());

    /// <summary>
    /// A command that shows something of the account: <c>--live</c>, <c>--alpaca-config</c> and <c>--json</c>, a session
    /// opened (its mode line on stdout, or on stderr with <c>--json</c>), then <paramref name="show"/> with the session, whether
    /// JSON was asked for and stdout.
    /// </summary>
    public static Command ShowCommand(
        string name,
        string description,
        string jsonDescription,
        TimeProvider time,
        IReadOnlyDictionary<string, string> environment,
        Func<AlpacaSession, bool, TextWriter, CancellationToken, Task<int>> show)
    {
        ArgumentNullException.ThrowIfNull(time);
        ArgumentNullException.ThrowIfNull(environment);
        ArgumentNullException.ThrowIfNull(show);
        var alpaca = CreateOptions();
        var json = new Option<bool>("--json") { Description = jsonDescription };
        var command = new Command(name, description) { alpaca.Live, alpaca.Credentials, json };
        command.SetAction(async (parse, ct) =>
        {
            var stdout = parse.InvocationConfiguration.Output;
            var asJson = parse.GetValue(json);
            using var session = await OpenAsync(parse, alpaca, environment, time, asJson ? parse.InvocationConfiguration.Error : stdout);
            return await show(session, asJson, stdout, ct);
        });
        return command;
    }

    /// <summary>
    /// Validates the configuration (an <see cref="AlpacaConfigurationException"/>, exit 2, when credentials are missing or
    /// paper/live contradict each other) and says which account the command is about to use on <paramref name="say"/>.
    /// </summary>
    public static async Task<AlpacaSession> OpenAsync(
        ParseResult parse,
        (Option<bool> Live, Option<FileInfo?> Credentials) options,
        IReadOnlyDictionary<string, string> environment,
        TimeProvider time,
        TextWriter say)
    {
        var alpaca = AlpacaSetup.Options(environment, parse.GetValue(options.Credentials), parse.GetValue(options.Live));
        await say.WriteLineAsync(AlpacaSetup.Describe(alpaca));
        return new AlpacaSession(alpaca, time);
    }

    /// <summary>
    /// Runs a call, turning a refusal of the credentials (401/403) into a message that says what to check; the exception
    /// stays a <see cref="BrokerException"/> (exit 5). Alpaca's text is already scrubbed of the credentials by the client.
    /// </summary>
    public static async Task<T> CallAsync<T>(Func<Task<T>> call)
    {
        ArgumentNullException.ThrowIfNull(call);
        try
        {
            return await call();
        }
        catch (AlpacaException e) when (e.Kind == AlpacaFailureKind.Fatal)
        {
            throw new BrokerException(
                $"{e.Message}. Check {AlpacaOptions.KeyIdVariable} and {AlpacaOptions.SecretKeyVariable}: paper keys work only on the paper endpoint (PAPER=1), live keys only with PAPER=0 and --live.",
                e);
        }
    }

    /// <summary>The JSON document the commands print with <c>--json</c>: indented, one trailing newline.</summary>
    public static string Render(JsonNode node) => node.ToJsonString(Indented) + "\n";

    /// <summary>The mode part of every <c>--json</c> document: paper or live and the hosts (never a credential).</summary>
    public JsonObject Mode() => new()
    {
        ["mode"] = Options.Paper ? "paper" : "live",
        ["trading_host"] = Options.TradingBaseUrl.Host,
    };

    /// <summary>Money: two decimals, invariant, no group separators.</summary>
    public static string Money(decimal value) => value.ToString("0.00", CultureInfo.InvariantCulture);

    /// <summary>Quantities and prices at full precision without trailing zeros (crypto quantities like 0.000012345).</summary>
    public static string Exact(decimal value) => value.ToString("0.############################", CultureInfo.InvariantCulture);

    /// <summary>An instant as ISO 8601 UTC to the second.</summary>
    public static string Instant(DateTimeOffset value) => value.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture);

    public void Dispose()
    {
        Broker.Dispose();
        Client.Dispose();
    }
}
