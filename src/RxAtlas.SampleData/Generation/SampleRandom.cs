using System.Numerics;
using System.Runtime.CompilerServices;

namespace RxAtlas.SampleData.Generation;

/// <summary>A small, fast, seedable generator (xoshiro256**), so output depends only on the seed — never on the runtime's
/// <see cref="Random"/> implementation.</summary>
internal sealed class SampleRandom
{
    private ulong _s0, _s1, _s2, _s3;

    public SampleRandom(ulong seed)
    {
        var x = seed;
        _s0 = SplitMix(ref x);
        _s1 = SplitMix(ref x);
        _s2 = SplitMix(ref x);
        _s3 = SplitMix(ref x);
    }

    /// <summary>A generator for one named stream of one seed (catalogue, practices, a month…).</summary>
    public static SampleRandom For(int seed, string stream, long salt = 0) => new(Mix((ulong)(uint)seed, StableHash(stream), (ulong)salt));

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public ulong NextULong()
    {
        var result = BitOperations.RotateLeft(_s1 * 5, 7) * 9;
        var t = _s1 << 17;
        _s2 ^= _s0;
        _s3 ^= _s1;
        _s1 ^= _s2;
        _s0 ^= _s3;
        _s2 ^= t;
        _s3 = BitOperations.RotateLeft(_s3, 45);
        return result;
    }

    /// <summary>Uniform in [0, 1).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public double NextDouble() => (NextULong() >> 11) * (1.0 / (1UL << 53));

    /// <summary>Uniform integer in [0, <paramref name="maxExclusive"/>).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public int Next(int maxExclusive) => (int)((NextULong() >> 33) * (ulong)maxExclusive >> 31);

    /// <summary>Uniform integer in [<paramref name="min"/>, <paramref name="maxExclusive"/>).</summary>
    public int Next(int min, int maxExclusive) => min + Next(maxExclusive - min);

    public bool Chance(double probability) => NextDouble() < probability;

    public T Pick<T>(IReadOnlyList<T> items) => items[Next(items.Count)];

    /// <summary>Standard normal (Box–Muller).</summary>
    public double NextGaussian()
    {
        var u1 = 1.0 - NextDouble();
        var u2 = NextDouble();
        return Math.Sqrt(-2.0 * Math.Log(u1)) * Math.Cos(2.0 * Math.PI * u2);
    }

    /// <summary>Log-normal with the given median and log-space standard deviation.</summary>
    public double NextLogNormal(double median, double sigma) => median * Math.Exp(sigma * NextGaussian());

    /// <summary>A stable uniform [0,1) for a pair of keys — the same in every month, so practices keep their habits.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static double Hash01(ulong a, ulong b) => (Mix(a, b, 0x9E3779B97F4A7C15UL) >> 11) * (1.0 / (1UL << 53));

    public static ulong Mix(ulong a, ulong b, ulong c)
    {
        var x = a * 0x9E3779B97F4A7C15UL ^ BitOperations.RotateLeft(b, 21) ^ BitOperations.RotateLeft(c, 42);
        return SplitMix(ref x) ^ SplitMix(ref x);
    }

    /// <summary>FNV-1a of a string: stable across processes (unlike <see cref="string.GetHashCode()"/>).</summary>
    public static ulong StableHash(string text)
    {
        var hash = 14695981039346656037UL;
        foreach (var c in text)
        {
            hash ^= c;
            hash *= 1099511628211UL;
        }
        return hash;
    }

    private static ulong SplitMix(ref ulong x)
    {
        var z = x += 0x9E3779B97F4A7C15UL;
        z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9UL;
        z = (z ^ (z >> 27)) * 0x94D049BB133111EBUL;
        return z ^ (z >> 31);
    }
}
