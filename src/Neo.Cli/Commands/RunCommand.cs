using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Linq;
using Neo.Compiler.Diagnostics;
using Neo.Compiler.IR;
using Neo.Compiler.Onnx;
using Neo.Hosting;
using Neo.Runtime;

namespace Neo.Cli.Commands;

/// <summary><c>neo run MODEL --inputs a.pb ...</c>: compile in memory, run once, print and write the outputs.</summary>
internal static class RunCommand
{
    private static readonly HashSet<string> Known = new(StringComparer.Ordinal)
    {
        "--inputs", "--out", "--shapes", "--target-device", "--optimize", "--threads",
    };

    public static int Run(IReadOnlyList<string> args)
    {
        CommandLine c = CommandLine.Parse(args, Known, new HashSet<string>(), new HashSet<string>(StringComparer.Ordinal) { "--inputs" });
        if (c.Positional.Count != 1)
        {
            throw new UsageException("run takes one model file: neo run MODEL --inputs input_0.pb [...].");
        }

        var tensors = new List<(string Name, TensorData Value)>();
        foreach (string path in c.Options("--inputs"))
        {
            try
            {
                tensors.Add(OnnxTensors.ReadFile(path));
            }
            catch (CompileErrorException e)
            {
                Console.Error.WriteLine($"{path}: error {e.Code}: {e.Message}");
                return 1;
            }
            catch (IOException e)
            {
                Console.Error.WriteLine($"{path}: error NEO1002: {e.Message}");
                return 1;
            }
        }

        InMemoryModel built;
        try
        {
            built = InMemoryModel.Build(Requests.From(c, c.Positional[0]));
        }
        catch (ModelBuildException e)
        {
            foreach (string d in e.Diagnostics)
            {
                Console.Error.WriteLine(d);
            }

            return 1;
        }

        foreach (NeoDiagnostic d in built.Result.Diagnostics)
        {
            Console.Out.WriteLine(d.ToString());
        }

        using INeoModel model = built.Create();
        ModelSignature sig = model.Signature;
        if (tensors.Count != sig.Inputs.Count)
        {
            Console.Error.WriteLine($"error NEO3012: the model takes {sig.Inputs.Count} inputs ({string.Join(", ", sig.Inputs)}), and --inputs gives {tensors.Count}.");
            return 1;
        }

        // Inputs match by their TensorProto name when every file has one the model knows, else by position.
        bool byName = tensors.All(t => sig.Inputs.Any(i => i.Name == t.Name));
        var inputs = new Array[sig.Inputs.Count];
        for (int i = 0; i < inputs.Length; i++)
        {
            TensorInfo info = sig.Inputs[i];
            TensorData data = byName ? tensors.First(t => t.Name == info.Name).Value : tensors[i].Value;
            if (data.Data.GetType().GetElementType() != info.ElementType || data.Length != info.Length)
            {
                Console.Error.WriteLine($"error NEO3010: input '{info.Name}' needs {info}, and the file holds {DataTypes.Name(data.Type)}{Shapes.Format(data.Shape)}.");
                return 1;
            }

            inputs[i] = data.Data;
        }

        Array[] outputs = sig.Outputs.Select(o => Array.CreateInstance(o.ElementType, o.Length)).ToArray();
        model.Run(inputs, outputs);
        string? outDir = c.Option("--out");
        if (outDir is not null)
        {
            Directory.CreateDirectory(outDir);
        }

        for (int i = 0; i < outputs.Length; i++)
        {
            TensorInfo info = sig.Outputs[i];
            DataType type = TypeOf(info.ElementType);
            var data = new TensorData(type, info.Shape, outputs[i]);
            Console.Out.WriteLine($"{info.Name}: {DataTypes.Name(type)}{Shapes.Format(info.Shape)} = {Preview(outputs[i])}");
            if (outDir is not null)
            {
                OnnxTensors.WriteFile(Path.Combine(outDir, $"output_{i}.pb"), info.Name, data);
            }
        }

        if (outDir is not null)
        {
            Console.Out.WriteLine($"wrote {outputs.Length} output files to {outDir}");
        }

        return 0;
    }

    private static DataType TypeOf(Type t) =>
        Enum.GetValues<DataType>().First(d => DataTypes.IsSupported(d) && DataTypes.ClrType(d) == t);

    private static string Preview(Array a)
    {
        const int Shown = 8;
        var items = new List<string>();
        for (int i = 0; i < Math.Min(a.Length, Shown); i++)
        {
            items.Add(Convert.ToString(a.GetValue(i), CultureInfo.InvariantCulture) ?? "");
        }

        return "[" + string.Join(", ", items) + (a.Length > Shown ? $", ... ({a.Length} values)" : "") + "]";
    }
}
