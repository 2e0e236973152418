using System.Security.Cryptography;

namespace RxAtlas.Pipeline.Prescribing;

/// <summary>Idempotent file copies into the lake.</summary>
public static class LakeFiles
{
    /// <summary>Copies <paramref name="source"/> to <paramref name="target"/> unless the target already has the same SHA-256.
    /// The copy goes to a dot-named temporary file first and is renamed into place, so a crash never leaves a half file
    /// where a scan would read it.</summary>
    /// <returns>True when the file was copied (new or changed).</returns>
    public static async Task<bool> CopyIfChangedAsync(string source, string target, CancellationToken cancellationToken)
    {
        if (File.Exists(target) && new FileInfo(target).Length == new FileInfo(source).Length)
        {
            var existing = await Sha256Async(target, cancellationToken).ConfigureAwait(false);
            var incoming = await Sha256Async(source, cancellationToken).ConfigureAwait(false);
            if (existing.AsSpan().SequenceEqual(incoming)) return false;
        }

        Directory.CreateDirectory(Path.GetDirectoryName(target)!);
        var temporary = Path.Combine(Path.GetDirectoryName(target)!, "." + Path.GetFileName(target) + ".part");
        var input = File.OpenRead(source);
        await using (input.ConfigureAwait(false))
        {
            var output = File.Create(temporary);
            await using (output.ConfigureAwait(false))
            {
                await input.CopyToAsync(output, cancellationToken).ConfigureAwait(false);
            }
        }

        File.Move(temporary, target, overwrite: true);
        return true;
    }

    public static async Task<byte[]> Sha256Async(string path, CancellationToken cancellationToken)
    {
        var stream = File.OpenRead(path);
        await using (stream.ConfigureAwait(false))
        {
            return await SHA256.HashDataAsync(stream, cancellationToken).ConfigureAwait(false);
        }
    }
}
