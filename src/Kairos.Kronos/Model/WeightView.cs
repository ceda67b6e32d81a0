namespace Kairos.Kronos.Model;

/// <summary>Read-only view of a float32 weight tensor: either memory-mapped file bytes (zero copy) or a pinned array
/// owned by the model. The owner keeps the memory alive for the model's lifetime.</summary>
internal readonly unsafe struct WeightView
{
    private readonly float* _ptr;

    public WeightView(float* ptr, int length)
    {
        _ptr = ptr;
        Length = length;
    }

    public int Length { get; }

    public ReadOnlySpan<float> Span => new(_ptr, Length);

    /// <summary>Row <paramref name="row"/> of a [rows, width] matrix.</summary>
    public ReadOnlySpan<float> Row(int row, int width) => new(_ptr + ((long)row * width), width);
}
