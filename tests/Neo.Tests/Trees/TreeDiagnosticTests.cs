using System;
using System.IO;
using System.Linq;
using System.Text;
using Neo.Compiler;
using Neo.Compiler.Options;
using Neo.Tests.Infrastructure;
using Xunit;

namespace Neo.Tests.Trees;

/// <summary>Bad tree models give a coded, actionable error naming what is wrong, never an exception or a hang.</summary>
public sealed class TreeDiagnosticTests
{
    private static readonly string SharedJson = File.ReadAllText(Path.Combine(TestPaths.SharedModels, "xgb_iris_multi", "model.json"));

    private static CompileResult Compile(string fileName, byte[] bytes) =>
        NeoCompiler.Compile(new CompileRequest { ModelPath = fileName, ModelBytes = bytes });

    private static void AssertError(CompileResult result, string code, string mentions)
    {
        Assert.False(result.Success);
        Assert.Contains(result.Diagnostics, d => d.Code == code && d.Message.Contains(mentions, StringComparison.Ordinal));
        Assert.DoesNotContain(result.Diagnostics, d => d.Code == "NEO1300");
    }

    [Fact]
    public void UnknownExtensionListsTheFormats()
    {
        CompileResult r = Compile("model.xgb", Encoding.UTF8.GetBytes(SharedJson));
        AssertError(r, "NEO1003", "XGBoost (.json, .ubj)");
        Assert.Contains("LightGBM (.txt)", r.Diagnostics[0].Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(100)]
    [InlineData(5000)]
    public void TruncatedJsonIsMalformed(int length) =>
        AssertError(Compile("model.json", Encoding.UTF8.GetBytes(SharedJson.Substring(0, length))), "NEO1150", "not valid JSON");

    [Fact]
    public void TruncatedUbjsonIsMalformed()
    {
        byte[] ubj = File.ReadAllBytes(Path.Combine(TestPaths.SharedModels, "xgb_iris_multi", "model.ubj"));
        AssertError(Compile("model.ubj", ubj.AsSpan(0, ubj.Length / 2).ToArray()), "NEO1150", "not valid UBJSON");
    }

    [Fact]
    public void JsonThatIsNotXGBoostSaysSo() =>
        AssertError(Compile("config.json", Encoding.UTF8.GetBytes("{\"name\": \"not a model\"}")), "NEO1151", "not an XGBoost model");

    [Fact]
    public void LinearBoosterIsUnsupported() =>
        AssertError(Compile("model.json", Encoding.UTF8.GetBytes(SharedJson.Replace("\"name\":\"gbtree\"", "\"name\":\"gblinear\"", StringComparison.Ordinal))), "NEO1152", "gblinear");

    [Fact]
    public void UnknownObjectiveListsTheSupportedOnes() =>
        AssertError(Compile("model.json", Encoding.UTF8.GetBytes(SharedJson.Replace("multi:softprob", "reg:mystery", StringComparison.Ordinal))), "NEO1152", "binary:logistic");

    [Theory]
    [InlineData("\"left_children\":[1,-1,-1]", "\"left_children\":[7,-1,-1]", "has child 7")]
    [InlineData("\"left_children\":[1,-1,-1]", "\"left_children\":[0,-1,-1]", "another path already reaches")]
    [InlineData("\"split_indices\":[2,0,0]", "\"split_indices\":[9,0,0]", "tests feature 9")]
    [InlineData("\"split_indices\":[2,0,0]", "\"split_indices\":[2,0]", "different lengths")]
    [InlineData("\"base_score\":\"5E-1\"", "\"base_score\":\"half\"", "base_score")]
    public void InvalidTreesNameTheProblem(string from, string to, string mentions)
    {
        string json = ReplaceFirst(SharedJson, from, to);
        AssertError(Compile("model.json", Encoding.UTF8.GetBytes(json)), "NEO1151", mentions);
    }

    [Fact]
    public void LightGbmProblemsAreCoded()
    {
        string text = File.ReadAllText(Path.Combine(TreeCases.Root, "lgb_regression", "model.txt"));
        AssertError(Compile("model.txt", Encoding.UTF8.GetBytes("hello\nworld\n")), "NEO1150", "not a LightGBM text model");
        AssertError(Compile("model.txt", Encoding.UTF8.GetBytes(ReplaceFirst(text, "is_linear=0", "is_linear=1"))), "NEO1152", "linear tree");
        AssertError(Compile("model.txt", Encoding.UTF8.GetBytes(ReplaceFirst(text, "objective=regression", "objective=mystery"))), "NEO1152", "mystery");
        AssertError(Compile("model.txt", Encoding.UTF8.GetBytes(ReplaceFirst(text, "num_leaves=31", "num_leaves=30"))), "NEO1151", "num_leaves=30");
    }

    [Fact]
    public void OnnxClassifierWithStringLabelsIsUnsupported()
    {
        byte[] model = File.ReadAllBytes(Path.Combine(TreeCases.Root, "onnx_binary_positive", "model.onnx"));
        var proto = Neo.Compiler.Onnx.Proto.ModelProto.Parser.ParseFrom(model);
        var node = proto.Graph.Node[0];
        var labels = node.Attribute.First(a => a.Name == "classlabels_int64s");
        node.Attribute.Remove(labels);
        var strings = new Neo.Compiler.Onnx.Proto.AttributeProto { Name = "classlabels_strings", Type = Neo.Compiler.Onnx.Proto.AttributeProto.Types.AttributeType.Strings };
        strings.Strings.Add(Google.Protobuf.ByteString.CopyFromUtf8("benign"));
        strings.Strings.Add(Google.Protobuf.ByteString.CopyFromUtf8("malignant"));
        node.Attribute.Add(strings);
        CompileResult r = NeoCompiler.Compile(new CompileRequest { ModelPath = "model.onnx", ModelBytes = Google.Protobuf.MessageExtensions.ToByteArray(proto), Shapes = "X=1x6" });
        AssertError(r, "NEO1102", "classlabels_strings");
    }

    private static string ReplaceFirst(string text, string from, string to)
    {
        int at = text.IndexOf(from, StringComparison.Ordinal);
        Assert.True(at >= 0, $"'{from}' is not in the model");
        return text.Substring(0, at) + to + text.Substring(at + from.Length);
    }
}
