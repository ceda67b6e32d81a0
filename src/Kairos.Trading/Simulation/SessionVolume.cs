using Kairos.Core;

namespace Kairos.Trading.Simulation;

/// <summary>Quantity of an instrument the account has traded in one session, against the session's participation cap.</summary>
public sealed record SessionVolume(Instrument Instrument, DateOnly SessionDate, decimal Quantity);
