using System.IO.Compression;
using RxAtlas.Core;

namespace RxAtlas.Acquisition;

/// <summary>Checks that a downloaded zip is whole: its central directory opens and lists at least one entry.</summary>
public static class ZipVerifier
{
    /// <summary>True when the file starts with a zip signature (<c>PK</c>).</summary>
    public static bool LooksLikeZip(string path)
    {
        Span<byte> head = stackalloc byte[4];
        using var file = File.OpenRead(path);
        return file.ReadAtLeast(head, 4, throwOnEndOfStream: false) == 4 && head[0] == 'P' && head[1] == 'K' && head[2] is 3 or 5 && head[3] is 4 or 6;
    }

    /// <summary>Opens the archive's central directory.</summary>
    /// <exception cref="DataFormatException">The archive is truncated or corrupt, or empty.</exception>
    public static void Verify(string path, string displayName)
    {
        try
        {
            using var zip = ZipFile.OpenRead(path);
            if (zip.Entries.Count == 0) throw new DataFormatException(displayName, 0, null, "the zip archive is empty; expected at least one file.");
            foreach (var entry in zip.Entries)
            {
                _ = entry.FullName;
                _ = entry.Length;
            }
        }
        catch (InvalidDataException e)
        {
            throw new DataFormatException(displayName, 0, null, $"the zip archive is truncated or corrupt ({e.Message}); expected a complete archive.");
        }
    }
}
