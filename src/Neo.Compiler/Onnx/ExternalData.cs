using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using Neo.Compiler.Diagnostics;
using Neo.Compiler.Onnx.Proto;

namespace Neo.Compiler.Onnx;

/// <summary>
/// Reads the external data of a model's tensors, from files inside the model's folder only. A model
/// file is input from outside, so its <c>location</c> strings are untrusted: absolute paths, <c>..</c>
/// that climbs out and links that lead out are refused, and every offset and length is checked against the file before anything is
/// allocated or read. Each file's bytes may back its tensors only once, so a small file cannot be
/// read into memory again and again by tensors that all point at it.
/// </summary>
internal sealed class ExternalData
{
    private readonly string _root;
    private readonly string _rootWithSeparator;
    private readonly Dictionary<string, long> _bytesTaken = new(StringComparer.Ordinal);

    public ExternalData(string modelDirectory)
    {
        _root = Path.GetFullPath(modelDirectory);
        _rootWithSeparator = _root.EndsWith(Path.DirectorySeparatorChar) ? _root : _root + Path.DirectorySeparatorChar;
    }

    /// <summary>A checked range of an external file.</summary>
    public readonly record struct Slice(string Path, string Location, long Offset, long Length);

    /// <summary>
    /// Validates the external data of <paramref name="t"/> for a tensor of <paramref name="bytes"/> bytes:
    /// where it lies, that it stays inside the model's folder, and that the range lies inside the file.
    /// </summary>
    public Slice Locate(TensorProto t, long bytes, string name)
    {
        string location = "";
        long offset = 0;
        long length = -1;
        foreach (StringStringEntryProto kv in t.ExternalData)
        {
            switch (kv.Key)
            {
                case "location":
                    location = kv.Value;
                    break;
                case "offset":
                    if (!long.TryParse(kv.Value, NumberStyles.None, CultureInfo.InvariantCulture, out offset))
                    {
                        throw Refused(name, $"its offset '{kv.Value}' is not a non-negative integer");
                    }

                    break;
                case "length":
                    if (!long.TryParse(kv.Value, NumberStyles.None, CultureInfo.InvariantCulture, out length))
                    {
                        throw Refused(name, $"its length '{kv.Value}' is not a non-negative integer");
                    }

                    break;
            }
        }

        if (location.Length == 0)
        {
            throw Refused(name, "it has no 'location'");
        }

        if (length >= 0 && length != bytes)
        {
            throw Refused(name, $"its length {length} does not match its shape ({bytes} bytes)");
        }

        string path = ResolveInside(location, name);
        FileInfo file = CheckedFile(path, location, name);
        long fileLength = file.Length;
        if (offset > fileLength || bytes > fileLength - offset)
        {
            throw Refused(name, $"bytes {offset}..{(offset > long.MaxValue - bytes ? "beyond" : (offset + bytes).ToString(CultureInfo.InvariantCulture))} lie beyond the end of '{location}' ({fileLength} bytes)");
        }

        long taken = _bytesTaken.TryGetValue(path, out long t0) ? t0 : 0;
        if (taken + bytes > fileLength)
        {
            throw Refused(name, $"the tensors stored in '{location}' add up to more bytes than the file holds ({fileLength}); their ranges overlap");
        }

        _bytesTaken[path] = taken + bytes;
        return new Slice(path, location, offset, bytes);
    }

    /// <summary>Reads a located slice into <paramref name="destination"/> (its length is the slice's).</summary>
    public void Read(Slice slice, Span<byte> destination, string name)
    {
        if (destination.Length == 0)
        {
            return;
        }

        try
        {
            using var fs = new FileStream(slice.Path, FileMode.Open, FileAccess.Read, FileShare.Read, bufferSize: 1, FileOptions.SequentialScan);
            if (fs.Length < slice.Offset + slice.Length)
            {
                throw Refused(name, $"'{slice.Location}' changed while it was read");
            }

            fs.Position = slice.Offset;
            fs.ReadExactly(destination);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw Refused(name, $"'{slice.Location}' cannot be read ({e.Message})");
        }
    }

    /// <summary>
    /// The full path of <paramref name="location"/> if it names a path inside the model's folder: relative,
    /// and no <c>..</c> escaping the folder (links are checked by <see cref="CheckedFile"/>).
    /// </summary>
    public string ResolveInside(string location, string name)
    {
        if (location.IndexOf('\0') >= 0)
        {
            throw Refused(name, "its location contains a NUL character");
        }

        if (Path.IsPathRooted(location) || location.StartsWith('/') || location.StartsWith('\\')
            || (location.Length >= 2 && location[1] == ':'))
        {
            throw Refused(name, $"its location '{location}' is absolute; external data must be a relative path inside the model's folder");
        }

        string full = Path.GetFullPath(Path.Combine(_root, location.Replace('\\', '/')));
        if (!full.StartsWith(_rootWithSeparator, StringComparison.Ordinal))
        {
            throw Refused(name, $"its location '{location}' leads out of the model's folder");
        }

        return full;
    }

    /// <summary>The file at <paramref name="path"/>, if it exists and is reached without a link that leads out of the folder.</summary>
    private FileInfo CheckedFile(string path, string location, string name)
    {
        // Follow links on every component below the model's folder: none may lead out of it.
        string current = _root;
        foreach (string part in Path.GetRelativePath(_root, path).Split(Path.DirectorySeparatorChar))
        {
            current = Path.Combine(current, part);
            FileSystemInfo info = Directory.Exists(current) ? new DirectoryInfo(current) : new FileInfo(current);
            if (info.Exists && info.LinkTarget is not null)
            {
                FileSystemInfo? target = info.ResolveLinkTarget(returnFinalTarget: true);
                string targetPath = target is null ? "" : Path.GetFullPath(target.FullName);
                if (!targetPath.StartsWith(_rootWithSeparator, StringComparison.Ordinal))
                {
                    throw Refused(name, $"'{Path.GetRelativePath(_root, current)}' is a link that leads out of the model's folder");
                }
            }
        }

        var file = new FileInfo(path);
        if (!file.Exists)
        {
            throw Refused(name, Directory.Exists(path) ? $"'{location}' is a folder, not a file" : $"its file '{location}' does not exist next to the model");
        }

        // A FIFO, socket or device reports a length of 0, so the range check in Locate refuses it for any
        // non-empty tensor before it is opened (opening a FIFO would block the build), and Read opens
        // nothing for an empty one.
        return file;
    }

    private static CompileErrorException Refused(string name, string what) =>
        new(DiagnosticCodes.InvalidExternalData, $"the external data of tensor '{name}' is refused: {what}. Keep external data files beside the model, with relative paths (as onnx.save_model writes them).", name);
}
