// NeoModelApp on ONNX Runtime: runs model.onnx (beside the binary) once on DIR/input_N.bin and writes
// DIR/output_N.bin. A symbolic dimension takes whatever the input file's length leaves for it.
using System.Runtime.InteropServices;
using Microsoft.ML.OnnxRuntime;
using Microsoft.ML.OnnxRuntime.Tensors;

if (args.Length != 1)
{
    Console.Error.WriteLine("usage: OrtModelApp DIR   (reads DIR/input_N.bin, writes DIR/output_N.bin)");
    return 2;
}

string dir = args[0];
using var session = new InferenceSession(Path.Combine(AppContext.BaseDirectory, "model.onnx"));
var inputNames = session.InputNames;
var inputs = new List<OrtValue>();
try
{
    for (int i = 0; i < inputNames.Count; i++)
    {
        NodeMetadata meta = session.InputMetadata[inputNames[i]];
        byte[] bytes = File.ReadAllBytes(Path.Combine(dir, $"input_{i}.bin"));
        inputs.Add(meta.ElementDataType switch
        {
            TensorElementType.Float => Tensor(MemoryMarshal.Cast<byte, float>(bytes).ToArray(), meta.Dimensions),
            TensorElementType.Int64 => Tensor(MemoryMarshal.Cast<byte, long>(bytes).ToArray(), meta.Dimensions),
            _ => throw new NotSupportedException($"input {inputNames[i]}: {meta.ElementDataType} is not handled by this app"),
        });
    }

    using var runOptions = new RunOptions();
    using var results = session.Run(runOptions, inputNames, inputs, session.OutputNames);
    for (int i = 0; i < results.Count; i++)
    {
        OrtValue value = results[i];
        byte[] bytes = value.GetTensorTypeAndShape().ElementDataType switch
        {
            TensorElementType.Float => MemoryMarshal.AsBytes(value.GetTensorDataAsSpan<float>()).ToArray(),
            TensorElementType.Int64 => MemoryMarshal.AsBytes(value.GetTensorDataAsSpan<long>()).ToArray(),
            var t => throw new NotSupportedException($"output {i}: {t} is not handled by this app"),
        };
        File.WriteAllBytes(Path.Combine(dir, $"output_{i}.bin"), bytes);
    }

    Console.WriteLine($"Model: model.onnx, {results.Count} output(s) written to {dir}");
}
finally
{
    foreach (OrtValue v in inputs)
    {
        v.Dispose();
    }
}

return 0;

static OrtValue Tensor<T>(T[] data, int[] dims)
    where T : unmanaged
{
    long known = 1;
    foreach (int d in dims)
    {
        known *= d > 0 ? d : 1;
    }

    long[] shape = dims.Select(d => d > 0 ? (long)d : data.Length / known).ToArray();
    return OrtValue.CreateTensorValueFromMemory(data, shape);
}
