using System.Text.Json;

namespace Kairos.Brokers.Alpaca;

/// <summary>A successful (2xx) Alpaca response; <see cref="Body"/> is null for an empty body (204).</summary>
internal sealed class AlpacaResponse(int statusCode, JsonDocument? body) : IDisposable
{
    public int StatusCode { get; } = statusCode;

    public JsonDocument? Body { get; } = body;

    public JsonElement Root => Body?.RootElement ?? throw new AlpacaException(AlpacaFailureKind.Rejected, StatusCode, null, "Alpaca answered with an empty body where a payload was expected");

    public void Dispose() => Body?.Dispose();
}
