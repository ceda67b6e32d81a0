namespace Kairos.Kronos.Kernels;

/// <summary>Register tile of <see cref="Gemm"/>.</summary>
internal enum GemmTile
{
    /// <summary>4 × 4 outputs with Vector512 (needs 21 of the 32 zmm registers).</summary>
    Avx512x4x4,

    /// <summary>2 × 4 outputs with Vector256 (14 of the 16 ymm registers).</summary>
    Avx2x2x4,

    /// <summary>One dot product per output (no SIMD tile).</summary>
    DotOnly,
}
