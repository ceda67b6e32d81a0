using Kairos.Brokers.Alpaca.Fakes;

namespace Kairos.Brokers.Alpaca.Tests;

/// <summary>A fake Alpaca, options pointing at it, a manual clock, a seeded jitter source and a captured log.</summary>
public sealed class AlpacaHarness : IAsyncDisposable
{
    public const string KeyId = "PKTEST7Q2W9E4R1T6Y3U";
    public const string SecretKey = "sK9vX2mQ7wE4rT1yU8iO3pA6sD5fG0hJ2kL4zXcV";
    public const int Seed = 1234;
    public static readonly DateTimeOffset Start = new(2024, 5, 20, 14, 0, 0, TimeSpan.Zero);

    private readonly List<AlpacaClient> _clients = [];

    private AlpacaHarness(FakeAlpacaServer server, AlpacaOptions options)
    {
        Server = server;
        Options = options;
    }

    public FakeAlpacaServer Server { get; }

    public AlpacaOptions Options { get; }

    public ManualTimeProvider Time { get; } = new(Start);

    public StringWriter Log { get; } = new();

    public static async Task<AlpacaHarness> StartAsync(Func<AlpacaOptions, AlpacaOptions>? configure = null)
    {
        var server = await FakeAlpacaServer.StartAsync();
        var options = AlpacaOptions.FromEnvironment(
            new Dictionary<string, string>
            {
                ["APCA_API_KEY_ID"] = KeyId,
                ["APCA_API_SECRET_KEY"] = SecretKey,
                ["APCA_API_BASE_URL"] = server.BaseUrl.ToString(),
                ["APCA_API_DATA_URL"] = server.BaseUrl.ToString(),
            },
            liveFlag: false) with
        {
            RequestTimeout = TimeSpan.FromSeconds(10),
            BackoffBase = TimeSpan.FromMilliseconds(200),
        };
        return new AlpacaHarness(server, configure is null ? options : configure(options));
    }

    public AlpacaClient NewClient()
    {
        var client = new AlpacaClient(Options, null, Time, new Random(Seed), Log);
        _clients.Add(client);
        return client;
    }

    /// <summary>A fresh broker instance (a restart is a new one on the same server).</summary>
    public AlpacaBroker NewBroker() => new(NewClient());

    public AlpacaMarketData NewMarketData() => new(NewClient());

    public static string Fixture(string name) => File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "Fixtures", name));

    public async ValueTask DisposeAsync()
    {
        foreach (var client in _clients)
        {
            client.Dispose();
        }

        await Server.DisposeAsync();
        Log.Dispose();
    }
}
