namespace Kairos.Brokers.Alpaca.Fakes;

/// <summary>A failure the fake server can inject into the next matching requests.</summary>
public enum FakeFaultKind
{
    /// <summary>429 with <c>Retry-After</c> and/or <c>X-Ratelimit-*</c> headers as given in the fault.</summary>
    RateLimited,

    /// <summary>500 with an Alpaca-shaped error body; nothing is done.</summary>
    ServerError,

    /// <summary>No answer until the client gives up; nothing is done.</summary>
    Hang,

    /// <summary>401 <c>{"code":40110000,"message":"request is not authorized"}</c>.</summary>
    Unauthorized,

    /// <summary>The request is carried out (an order is accepted), then the answer never comes.</summary>
    AcceptThenHang,

    /// <summary>The request is carried out, then answered with 500.</summary>
    AcceptThenServerError,
}
