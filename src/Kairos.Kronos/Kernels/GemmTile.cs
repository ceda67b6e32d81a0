namespace Kairos.Kronos.Kernels;

/// <summary>Register tile of <see cref="Gemm"/>.</summary>
internal enum GemmTile
{
    /// <summary>4 × 4 outputs with Vector512 (needs 21 of the 32 zmm registers).</summary>
    Avx512x4x4,

    /// <summary>3 × 4 outputs with Vector256 (all 16 ymm registers), 2 × 4 and 1 × 4 for the leftover rows.</summary>
    Avx2x2x4,

    /// <summary>One dot product per output (no SIMD tile).</summary>
    DotOnly,
}
