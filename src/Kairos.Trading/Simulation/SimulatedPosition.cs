using Kairos.Core;

namespace Kairos.Trading.Simulation;

/// <summary>A position as the simulated broker books it: signed quantity (negative short) and average entry price.</summary>
public sealed record SimulatedPosition(Instrument Instrument, decimal Quantity, decimal AverageEntryPrice);
