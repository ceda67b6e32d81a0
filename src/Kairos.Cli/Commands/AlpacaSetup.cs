using System.CommandLine;
using Kairos.Brokers.Alpaca;

namespace Kairos.Cli.Commands;

/// <summary>
/// The Alpaca connection every Alpaca command shares: credentials from <c>APCA_API_KEY_ID</c> / <c>APCA_API_SECRET_KEY</c>
/// (or <c>--alpaca-config FILE</c> outside the repository), paper unless <c>PAPER=0</c> and <c>--live</c> are both given.
/// Credentials never reach a log line, the database or a report (docs/alpaca.md).
/// </summary>
internal static class AlpacaSetup
{
    public static Option<bool> LiveOption() => new("--live")
    {
        Description = "Trade real money at Alpaca. Needs PAPER=0 as well; without both the paper endpoint is used.",
    };

    public static Option<FileInfo?> CredentialsOption() => new("--alpaca-config")
    {
        Description = "JSON credentials file {\"key_id\", \"secret_key\", \"base_url\"?, \"data_url\"?} outside the repository (the APCA_* variables win over it).",
    };

    /// <summary>The validated options; an <see cref="AlpacaConfigurationException"/> (a usage error) when they are missing or contradictory.</summary>
    public static AlpacaOptions Options(IReadOnlyDictionary<string, string> environment, FileInfo? credentials, bool live) =>
        credentials is null
            ? AlpacaOptions.FromEnvironment(environment, live)
            : AlpacaOptions.FromFile(credentials.FullName, environment, live);

    /// <summary>A client on the given clock; the retry jitter is seeded from the clock's instant (no two runs retry in step).</summary>
    public static AlpacaClient Client(AlpacaOptions options, TimeProvider time, TextWriter? log) =>
        new(options, null, time, new Random(unchecked((int)time.GetUtcNow().ToUnixTimeMilliseconds())), log);

    /// <summary>What the command is about to do, said before it does it.</summary>
    public static string Describe(AlpacaOptions options) =>
        options.Paper
            ? $"Alpaca PAPER account at {options.TradingBaseUrl.Host} (no real money)"
            : $"Alpaca LIVE account at {options.TradingBaseUrl.Host}: REAL MONEY";
}
