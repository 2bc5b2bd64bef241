using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Text;
using Neo.Plan;

namespace Neo.Generators
{
    /// <summary>
    /// For a row-wise plan (<see cref="ModelPlan.Rows"/>: a tree ensemble), a second part of the model's
    /// partial class with the batch overloads: <c>Predict(features, rows, …outputs)</c>, which runs any number
    /// of rows without allocating, and <c>Predict(features, rows)</c>, which returns new arrays; plus a
    /// <c>{Input}PerRow</c> / <c>{Output}PerRow</c> constant per tensor. It re-emits the plan's steps with the
    /// <c>rows</c> argument and the input and output spans taken from the call. Nothing is trusted: the plan
    /// must satisfy every row-wise condition again here, and every argument goes through
    /// <see cref="ArgumentTranslator"/> like the main emitter's.
    /// </summary>
    internal sealed class RowwiseEmitter
    {
        /// <summary>The kernels that may be re-emitted for any row count (the compiler's RowwisePlan list).</summary>
        private static readonly HashSet<string> RowwiseKernels = new HashSet<string>(StringComparer.Ordinal) { "Trees.Predict" };

        private static readonly Dictionary<string, (string CSharp, string Accessor)> Types = new Dictionary<string, (string, string)>(StringComparer.Ordinal)
        {
            ["float32"] = ("float", "F32"),
            ["float64"] = ("double", "F64"),
            ["int64"] = ("long", "I64"),
            ["int32"] = ("int", "I32"),
        };

        private readonly ModelPlan _plan;
        private readonly StringBuilder _sb = new StringBuilder();
        private readonly List<PlanTensor> _inputs;
        private readonly List<PlanTensor> _outputs;
        private readonly Dictionary<string, string> _names = new Dictionary<string, string>(StringComparer.Ordinal);
        private readonly Dictionary<string, string> _pascal = new Dictionary<string, string>(StringComparer.Ordinal);
        private readonly Dictionary<string, PlanTensor> _tensors = new Dictionary<string, PlanTensor>(StringComparer.Ordinal);
        private readonly string _rows;
        private int _indent;

        private RowwiseEmitter(ModelPlan plan)
        {
            _plan = plan;
            foreach (PlanTensor t in plan.Tensors)
            {
                _tensors[t.Id] = t;
            }

            _inputs = plan.Tensors.Where(t => t.Storage == TensorStorage.Input).ToList();
            _outputs = plan.Tensors.Where(t => t.Storage == TensorStorage.Output).ToList();

            // The same namers, in the same order, as ModelEmitter: the constants get the names of the main part plus "PerRow".
            var camel = new IdentifierNamer("inputs", "outputs", "options");
            var pascal = new IdentifierNamer(
                "Signature", "Predict", "Run", "Dispose", "Outputs", "Execute", "LoadWeights", "ThrowIfDisposed",
                "ArenaBytes", "WeightsBytes", "WeightsChecksum", "WeightsResource", "DefaultThreads", "ModelFile", "Macs",
                "Equals", "GetHashCode", "ToString", "GetType", "MemberwiseClone", "Finalize", plan.ClassName);
            foreach (PlanTensor t in _inputs.Concat(_outputs))
            {
                _names[t.Id] = camel.Camel(t.Name, t.Storage == TensorStorage.Input ? "input" : "output");
                _pascal[t.Id] = pascal.Pascal(t.Name, t.Storage == TensorStorage.Input ? "Input" : "Output", "Length", "Shape");
            }

            _rows = camel.Camel("rows", "rows");
        }

        /// <summary>The source of the batch part, or null when the plan is not row-wise. Throws <see cref="PlanContentException"/> for a plan that claims to be but is not.</summary>
        public static string? Emit(ModelPlan plan)
        {
            if (plan.Rows == 0)
            {
                return null;
            }

            var e = new RowwiseEmitter(plan);
            e.Validate();
            return e.EmitPart();
        }

        private void Validate()
        {
            int rows = _plan.Rows;
            if (_inputs.Count == 0 || _outputs.Count == 0)
            {
                throw new PlanContentException("is row-wise but has no inputs or no outputs");
            }

            foreach (PlanTensor t in _inputs.Concat(_outputs))
            {
                if (t.Shape.Length == 0 || t.Shape[0] != rows || !Types.ContainsKey(t.ElementType))
                {
                    throw new PlanContentException("is row-wise but tensor '" + t.Name + "' does not have the row count as its first dimension");
                }
            }

            foreach (PlanTensor t in _plan.Tensors)
            {
                if (t.Storage == TensorStorage.Arena || t.Storage == TensorStorage.View)
                {
                    throw new PlanContentException("is row-wise but keeps tensor '" + t.Name + "' in the arena");
                }

                if (t.Storage == TensorStorage.Weights && !Types.ContainsKey(t.ElementType))
                {
                    throw new PlanContentException("is row-wise but has weights of type '" + t.ElementType + "'");
                }
            }

            foreach (PlanStep s in _plan.Steps)
            {
                if (!RowwiseKernels.Contains(s.Call))
                {
                    throw new PlanContentException("is row-wise but calls '" + s.Call + "', which is not a row-wise kernel");
                }

                if (s.Args.Count(a => a.Name == "rows") != 1 || s.Args.First(a => a.Name == "rows").Value != rows.ToString(CultureInfo.InvariantCulture))
                {
                    throw new PlanContentException("is row-wise but a step does not take the row count as its 'rows' argument");
                }
            }
        }

        private string EmitPart()
        {
            string body = EmitMethods();
            Line("// <auto-generated/>");
            Line("// Generated by Neo from " + CSharpText.Comment(_plan.ModelFile) + ": the batch overloads of a model that computes each row on its own.");
            Line("#nullable enable");
            Line();
            Line("namespace " + _plan.Namespace);
            Line("{");
            _indent++;
            Line("partial class " + _plan.ClassName);
            Line("{");
            _indent++;
            foreach (PlanTensor t in _inputs.Concat(_outputs))
            {
                string kind = t.Storage == TensorStorage.Input ? "input" : "output";
                Line("/// <summary>The elements of one row of " + kind + " <c>" + CSharpText.Xml(t.Name) + "</c>.</summary>");
                Line("public const int " + _pascal[t.Id] + "PerRow = " + Invariant(PerRow(t)) + ";");
                Line();
            }

            _sb.Append(body);
            _indent--;
            Line("}");
            _indent--;
            Line("}");
            return _sb.ToString();
        }

        private string EmitMethods()
        {
            var saved = _sb.ToString();
            _sb.Clear();
            _indent = 2;
            string first = _names[_inputs[0].Id];

            Line("/// <summary>Runs the model on <paramref name=\"" + _rows + "\"/> rows, any number, writing the results into the output spans. Allocates nothing.</summary>");
            foreach (PlanTensor t in _inputs)
            {
                Line("/// <param name=\"" + _names[t.Id] + "\">Input <c>" + CSharpText.Xml(t.Name) + "</c>: rows × " + Invariant(PerRow(t)) + " " + CSharpText.Xml(t.ElementType) + " values, row-major.</param>");
            }

            Line("/// <param name=\"" + _rows + "\">The number of rows.</param>");
            foreach (PlanTensor t in _outputs)
            {
                Line("/// <param name=\"" + _names[t.Id] + "\">Receives output <c>" + CSharpText.Xml(t.Name) + "</c>: rows × " + Invariant(PerRow(t)) + " values.</param>");
            }

            Line("/// <exception cref=\"global::System.ArgumentException\">A span does not hold <paramref name=\"" + _rows + "\"/> rows.</exception>");
            Line("/// <exception cref=\"global::System.ObjectDisposedException\">The instance was disposed.</exception>");
            Line("public void Predict(" + string.Join(", ", _inputs.Select(Parameter).Concat(new[] { "int " + _rows }).Concat(_outputs.Select(Parameter))) + ")");
            Line("{");
            _indent++;
            Line("ThrowIfDisposed();");
            foreach (PlanTensor t in _inputs.Concat(_outputs))
            {
                string kind = t.Storage == TensorStorage.Input ? "Input" : "Output";
                Line("if (" + _rows + " < 0 || " + _names[t.Id] + ".Length != (long)" + _rows + " * " + _pascal[t.Id] + "PerRow)");
                Line("{");
                _indent++;
                Line("global::Neo.Runtime.ModelErrors.ThrowRows(nameof(" + _names[t.Id] + "), " + CSharpText.Literal(t.Name) + ", " + _pascal[t.Id] + "PerRow, " + _rows + ", " + _names[t.Id] + ".Length);");
                _indent--;
                Line("}");
                Line();
            }

            EmitSteps();
            _indent--;
            Line("}");
            Line();

            Line("/// <summary>Runs the model on <paramref name=\"" + _rows + "\"/> rows, any number, and returns the outputs in new arrays.</summary>");
            foreach (PlanTensor t in _inputs)
            {
                Line("/// <param name=\"" + _names[t.Id] + "\">Input <c>" + CSharpText.Xml(t.Name) + "</c>: rows × " + Invariant(PerRow(t)) + " values, row-major.</param>");
            }

            Line("/// <param name=\"" + _rows + "\">The number of rows.</param>");
            Line("/// <returns>The outputs, one array of rows × the output's row length per output.</returns>");
            Line("public Outputs Predict(" + string.Join(", ", _inputs.Select(Parameter).Concat(new[] { "int " + _rows })) + ")");
            Line("{");
            _indent++;
            Line("if (" + _rows + " < 0)");
            Line("{");
            _indent++;
            Line("global::Neo.Runtime.ModelErrors.ThrowRows(nameof(" + _rows + "), " + CSharpText.Literal(_inputs[0].Name) + ", " + _pascal[_inputs[0].Id] + "PerRow, " + _rows + ", " + first + ".Length);");
            _indent--;
            Line("}");
            Line();
            foreach (PlanTensor t in _outputs)
            {
                Line("var " + _names[t.Id] + " = new " + Types[t.ElementType].CSharp + "[(long)" + _rows + " * " + _pascal[t.Id] + "PerRow];");
            }

            Line("Predict(" + string.Join(", ", _inputs.Select(t => _names[t.Id]).Concat(new[] { _rows }).Concat(_outputs.Select(t => _names[t.Id]))) + ");");
            Line("return new Outputs(" + string.Join(", ", _outputs.Select(t => _names[t.Id])) + ");");
            _indent--;
            Line("}");
            Line();

            string methods = _sb.ToString();
            _sb.Clear();
            _sb.Append(saved);
            _indent = 0;
            return methods;
        }

        private void EmitSteps()
        {
            var locals = new List<string>();
            var declared = new HashSet<string>(StringComparer.Ordinal);
            string TensorExpr(string id)
            {
                if (!_tensors.TryGetValue(id, out PlanTensor? t))
                {
                    throw new PlanContentException("refers to tensor '%" + id + "', which it does not declare");
                }

                if (t.Storage == TensorStorage.Input || t.Storage == TensorStorage.Output)
                {
                    return _names[id];
                }

                // Only weights remain after validation: a read-only view of the blob, named by id.
                string local = "__w" + id;
                if (declared.Add(id))
                {
                    (string cs, string accessor) = Types[t.ElementType];
                    locals.Add("global::System.ReadOnlySpan<" + cs + "> " + local + " = __weights." + accessor + "(" + Invariant(t.Offset) + ", " + Invariant(t.Length) + ");");
                }

                return local;
            }

            var translator = new ArgumentTranslator(TensorExpr, (_, __) => throw new PlanContentException("has an array argument in a row-wise step"));
            var calls = new List<string>();
            foreach (PlanStep step in _plan.Steps)
            {
                string call = ArgumentTranslator.Call(step.Call);
                var args = new List<string>();
                foreach (PlanArg a in step.Args)
                {
                    if (!IsIdentifierToken(a.Name))
                    {
                        throw new PlanContentException("has an argument named '" + a.Name + "'");
                    }

                    args.Add(a.Name + ": " + (a.Name == "rows" ? _rows : translator.Translate(a.Value)));
                }

                calls.Add("// " + CSharpText.Comment(step.Label) + ", for any number of rows");
                calls.Add(call + "(");
                for (int k = 0; k < args.Count; k++)
                {
                    calls.Add("    " + args[k] + (k == args.Count - 1 ? ");" : ","));
                }
            }

            Line("var __weights = _weights;");
            Line("var __team = _team;");
            foreach (string l in locals)
            {
                Line(l);
            }

            foreach (string c in calls)
            {
                Line(c);
            }
        }

        private string Parameter(PlanTensor t) =>
            (t.Storage == TensorStorage.Input ? "global::System.ReadOnlySpan<" : "global::System.Span<") + Types[t.ElementType].CSharp + "> " + _names[t.Id];

        private int PerRow(PlanTensor t)
        {
            long n = 1;
            for (int d = 1; d < t.Shape.Length; d++)
            {
                n *= t.Shape[d];
            }

            return checked((int)n);
        }

        private static string Invariant(long v) => v.ToString(CultureInfo.InvariantCulture);

        private static bool IsIdentifierToken(string s) =>
            s.Length > 0 && (char.IsLetter(s[0]) || s[0] == '_') && s.All(c => c < 128 && (char.IsLetterOrDigit(c) || c == '_'));

        private void Line(string text = "")
        {
            if (text.Length > 0)
            {
                _sb.Append(' ', _indent * 4).Append(text);
            }

            _sb.Append('\n');
        }
    }
}
