using Kairos.Trading.State;

namespace Kairos.Trading.Tests.State;

/// <summary>A temporary directory holding one store file, deleted with the fixture; a fixed clock stamps migrations.</summary>
internal sealed class StoreFixture : IDisposable
{
    public static readonly DateTimeOffset T0 = new(2024, 3, 4, 14, 30, 0, TimeSpan.Zero);

    private readonly string _dir = Directory.CreateTempSubdirectory("kairos-store-").FullName;

    public string Path => System.IO.Path.Combine(_dir, "trading.db");

    public FixedClock Clock { get; } = new(T0);

    public Task<TradingStore> OpenAsync() => TradingStore.OpenAsync(Path, Clock);

    public void Dispose() => Directory.Delete(_dir, recursive: true);
}
