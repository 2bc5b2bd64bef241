// Runs one Neo-compiled model once: reads DIR/input_N.bin (raw little-endian tensors in model order),
// writes DIR/output_N.bin, and prints the vector path the kernels took. No reflection: element types are
// matched by hand, so the app stays NativeAOT-clean.
using EdgeApp;
using Neo.Runtime;

if (args.Length != 1)
{
    Console.Error.WriteLine("usage: NeoModelApp DIR   (reads DIR/input_N.bin, writes DIR/output_N.bin)");
    return 2;
}

string dir = args[0];
using var model = new Model();
var inputs = new Array[model.Signature.Inputs.Count];
for (int i = 0; i < inputs.Length; i++)
{
    TensorInfo info = model.Signature.Inputs[i];
    inputs[i] = NewArray(info);
    byte[] bytes = File.ReadAllBytes(Path.Combine(dir, $"input_{i}.bin"));
    if (bytes.Length != Buffer.ByteLength(inputs[i]))
    {
        Console.Error.WriteLine($"input_{i}.bin has {bytes.Length} bytes; {info} needs {Buffer.ByteLength(inputs[i])}");
        return 1;
    }

    Buffer.BlockCopy(bytes, 0, inputs[i], 0, bytes.Length);
}

var outputs = new Array[model.Signature.Outputs.Count];
for (int i = 0; i < outputs.Length; i++)
{
    outputs[i] = NewArray(model.Signature.Outputs[i]);
}

model.Run(inputs, outputs);
for (int i = 0; i < outputs.Length; i++)
{
    var bytes = new byte[Buffer.ByteLength(outputs[i])];
    Buffer.BlockCopy(outputs[i], 0, bytes, 0, bytes.Length);
    File.WriteAllBytes(Path.Combine(dir, $"output_{i}.bin"), bytes);
}

Console.WriteLine($"Model: {Model.ModelFile}, {outputs.Length} output(s) written to {dir}");
Console.WriteLine($"Vector path: {RuntimeInfo.VectorPath}");
return 0;

static Array NewArray(TensorInfo info) => info.ElementType switch
{
    Type t when t == typeof(float) => new float[info.Length],
    Type t when t == typeof(double) => new double[info.Length],
    Type t when t == typeof(long) => new long[info.Length],
    Type t when t == typeof(int) => new int[info.Length],
    Type t when t == typeof(byte) => new byte[info.Length],
    Type t when t == typeof(sbyte) => new sbyte[info.Length],
    Type t when t == typeof(bool) => new bool[info.Length],
    _ => throw new NotSupportedException($"{info}: element type {info.ElementType} is not handled by this app"),
};
