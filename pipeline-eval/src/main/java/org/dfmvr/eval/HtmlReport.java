package org.dfmvr.eval;

import java.util.Base64;
import java.util.List;
import java.util.Locale;
import org.dfmvr.eval.protocol.BatchSummary;
import org.dfmvr.eval.protocol.CumulativeErrorCurve;
import org.dfmvr.eval.protocol.ErrorSummary;
import org.dfmvr.eval.protocol.ProtocolStamp;

/**
 * The self-contained {@code report.html}: no external file, script or font. Tables of the aggregate and per-sample
 * numbers, inline SVG cumulative-error plots (one line per prediction set), and the error-map renders as base64 PNG
 * data URIs with their colour bar.
 */
public final class HtmlReport {
    /** Rows of the per-sample table shown per set; all rows are in the samples/ Parquet table. */
    static final int MAX_SAMPLE_ROWS = 500;
    private static final String[] SERIES = {"#1f77b4", "#d62728", "#2ca02c", "#9467bd", "#ff7f0e", "#17becf"};

    private HtmlReport() {
    }

    public static String render(EvalReport report, EvalSettings settings) {
        ProtocolStamp st = report.stamp();
        boolean now = st.protocol().equals("now");
        String headline = now ? "mean point-to-surface distance" : "point-to-plane RMSE";
        StringBuilder h = new StringBuilder(64 * 1024);
        h.append("<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\"><title>DF-MVR eval: ")
                .append(esc(st.protocol())).append("</title>\n<style>")
                .append("body{font-family:sans-serif;margin:24px;color:#222;max-width:1200px}")
                .append("table{border-collapse:collapse;margin:8px 0 20px}td,th{border:1px solid #ccc;padding:3px 8px;")
                .append("text-align:right;font-size:13px}th{background:#f0f0f0}td.l,th.l{text-align:left}")
                .append("code{background:#f6f6f6;padding:1px 4px;font-size:12px;word-break:break-all}")
                .append(".maps{display:flex;gap:16px;flex-wrap:wrap}.maps figure{margin:0;text-align:center;font-size:13px}")
                .append("</style></head><body>\n");
        h.append("<h1>Evaluation report: ").append(esc(st.protocol())).append(" (").append(esc(headline))
                .append(", mm)</h1>\n");
        h.append("<p>Protocol <b>").append(esc(st.protocol())).append("</b> version ").append(st.version())
                .append(", parameter hash <b><code>").append(esc(st.parameterHash())).append("</code></b>; numbers are ")
                .append("comparable only with reports of the same hash.<br>Parameters: <code>")
                .append(esc(st.parameters())).append("</code><br>Ground truth: <code>").append(esc(report.gt()))
                .append("</code></p>\n");
        h.append("<p>Flagged samples (failed or doubtful registration, or headline above ")
                .append(fmt(settings.outlierFactor())).append(" x the batch median) are listed but not averaged in.</p>\n");

        h.append("<h2>Summary</h2>\n<table><tr><th class=\"l\">set</th><th>samples</th><th>included</th><th>flagged</th>")
                .append("<th>quarantined</th><th>mean</th><th>mean (all, flagged too)</th><th>std</th><th>median</th>");
        for (double p : settings.percentiles()) {
            h.append("<th>p").append((int) p).append("</th>");
        }
        h.append("<th>all-vertex mean</th><th>all-vertex median</th><th>all-vertex std</th></tr>\n");
        for (EvalReport.SetReport set : report.sets()) {
            BatchSummary b = set.summary();
            ErrorSummary ps = b.perSample();
            h.append("<tr><td class=\"l\">").append(esc(set.name())).append("</td><td>").append(b.sampleCount())
                    .append("</td><td>").append(b.includedCount()).append("</td><td>")
                    .append(b.sampleCount() - b.includedCount()).append("</td><td>").append(set.quarantined().size())
                    .append("</td>").append(td(ps.mean())).append(td(set.allSamples().mean())).append(td(ps.std()))
                    .append(td(ps.median()));
            for (double v : b.perSamplePercentiles()) {
                h.append(td(v));
            }
            h.append(td(b.allVertices().mean())).append(td(b.allVertices().median())).append(td(b.allVertices().std()))
                    .append("</tr>\n");
        }
        h.append("</table>\n");

        h.append("<h2>Cumulative error</h2>\n<div class=\"maps\">");
        h.append(plot(report.sets(), true, "per-sample " + headline, settings.curveMaxMm()));
        h.append(plot(report.sets(), false, "all cropped scan vertices", settings.curveMaxMm()));
        h.append("</div>\n");

        for (EvalReport.SetReport set : report.sets()) {
            h.append("<h2>Set ").append(esc(set.name())).append("</h2>\n<p><code>").append(esc(set.uri()))
                    .append("</code></p>\n");
            if (!set.renders().isEmpty()) {
                h.append("<div class=\"maps\">");
                for (EvalReport.ErrorMapRender r : set.renders()) {
                    h.append("<figure><img alt=\"error map ").append(esc(r.sampleId())).append("\" src=\"data:image/png;base64,")
                            .append(Base64.getEncoder().encodeToString(r.png())).append("\"><figcaption><b>")
                            .append(esc(r.role())).append("</b>: ").append(esc(r.sampleId())).append(", ")
                            .append(fmt(r.headlineMm())).append(" mm</figcaption></figure>");
                }
                h.append(colourBar(settings.errorMapMaxMm())).append("</div>\n");
            }
            BatchSummary b = set.summary();
            h.append("<h3>Samples</h3>\n<table><tr><th class=\"l\">sample</th><th>").append(esc(headline))
                    .append("</th><th>vertices</th><th>mean</th><th>median</th><th>max</th><th>ICP updates</th>")
                    .append("<th class=\"l\">ICP end</th><th>scale</th><th class=\"l\">flags</th></tr>\n");
            for (int i = 0; i < Math.min(MAX_SAMPLE_ROWS, set.samples().size()); i++) {
                SampleResult r = set.samples().get(i);
                h.append("<tr><td class=\"l\">").append(esc(r.pair().sampleId())).append("</td>")
                        .append(td(r.score().headlineMm())).append("<td>").append(r.score().perVertexErrorMm().length)
                        .append("</td>").append(td(r.meanMm())).append(td(r.medianMm())).append(td(r.maxMm()))
                        .append("<td>").append(r.icpIterations()).append("</td><td class=\"l\">")
                        .append(esc(r.icpTermination())).append("</td>").append(td(r.scale()))
                        .append("<td class=\"l\">").append(esc(String.join(", ",
                                ReportWriter.flagNames(b.sampleFlags().get(i))))).append("</td></tr>\n");
            }
            h.append("</table>\n");
            if (set.samples().size() > MAX_SAMPLE_ROWS) {
                h.append("<p>First ").append(MAX_SAMPLE_ROWS).append(" of ").append(set.samples().size())
                        .append(" samples; all are in samples/ (Parquet).</p>\n");
            }
            if (!set.quarantined().isEmpty()) {
                h.append("<h3>Quarantined</h3>\n<table><tr><th class=\"l\">sample</th><th class=\"l\">stage</th>")
                        .append("<th class=\"l\">reason</th><th class=\"l\">file</th></tr>\n");
                for (QuarantineEntry q : set.quarantined()) {
                    h.append("<tr><td class=\"l\">").append(esc(q.sampleId())).append("</td><td class=\"l\">")
                            .append(esc(q.stage())).append("</td><td class=\"l\">").append(esc(q.reason()))
                            .append("</td><td class=\"l\"><code>").append(esc(q.inputPath())).append("</code></td></tr>\n");
                }
                h.append("</table>\n");
            }
        }
        return h.append("</body></html>\n").toString();
    }

    /** An SVG plot of the cumulative curves of every set: x error (mm), y percent at or below. */
    static String plot(List<EvalReport.SetReport> sets, boolean perSample, String title, double maxMm) {
        int w = 520, hgt = 320, left = 50, right = 130, top = 30, bottom = 40;
        double pw = w - left - right, ph = hgt - top - bottom;
        StringBuilder s = new StringBuilder();
        s.append("<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"").append(w).append("\" height=\"").append(hgt)
                .append("\" font-family=\"sans-serif\" font-size=\"11\">");
        s.append("<text x=\"").append(left).append("\" y=\"18\" font-size=\"13\">").append(esc(title)).append("</text>");
        for (int k = 0; k <= 5; k++) {
            double x = left + pw * k / 5, y = top + ph - ph * k / 5;
            s.append(String.format(Locale.ROOT, "<line x1=\"%.1f\" y1=\"%d\" x2=\"%.1f\" y2=\"%.1f\" stroke=\"#ddd\"/>",
                    x, top, x, top + ph));
            s.append(String.format(Locale.ROOT, "<line x1=\"%d\" y1=\"%.1f\" x2=\"%.1f\" y2=\"%.1f\" stroke=\"#ddd\"/>",
                    left, y, left + pw, y));
            s.append(String.format(Locale.ROOT, "<text x=\"%.1f\" y=\"%.1f\" text-anchor=\"middle\">%s</text>", x,
                    top + ph + 14, fmt(maxMm * k / 5)));
            s.append(String.format(Locale.ROOT, "<text x=\"%d\" y=\"%.1f\" text-anchor=\"end\">%d%%</text>", left - 4,
                    y + 4, 20 * k));
        }
        s.append(String.format(Locale.ROOT, "<text x=\"%.1f\" y=\"%d\" text-anchor=\"middle\">error (mm)</text>",
                left + pw / 2, hgt - 6));
        for (int i = 0; i < sets.size(); i++) {
            CumulativeErrorCurve c = perSample ? sets.get(i).summary().perSampleCurve()
                    : sets.get(i).summary().allVerticesCurve();
            String colour = SERIES[i % SERIES.length];
            s.append("<polyline fill=\"none\" stroke-width=\"2\" stroke=\"").append(colour).append("\" points=\"");
            for (int k = 0; k < c.thresholds().length; k++) {
                double f = Double.isNaN(c.fractionAtOrBelow()[k]) ? 0 : c.fractionAtOrBelow()[k];
                s.append(String.format(Locale.ROOT, "%.1f,%.1f ", left + pw * c.thresholds()[k] / maxMm,
                        top + ph - ph * f));
            }
            s.append("\"/>");
            s.append(String.format(Locale.ROOT, "<line x1=\"%.1f\" y1=\"%d\" x2=\"%.1f\" y2=\"%d\" stroke=\"%s\" "
                    + "stroke-width=\"2\"/><text x=\"%.1f\" y=\"%d\">%s</text>", left + pw + 10, top + 10 + 16 * i,
                    left + pw + 30, top + 10 + 16 * i, colour, left + pw + 34, top + 14 + 16 * i,
                    esc(sets.get(i).name())));
        }
        return s.append("</svg>").toString();
    }

    private static String colourBar(double maxMm) {
        StringBuilder s = new StringBuilder("<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"90\" height=\"260\" "
                + "font-family=\"sans-serif\" font-size=\"11\"><defs><linearGradient id=\"cmap\" x1=\"0\" y1=\"1\" "
                + "x2=\"0\" y2=\"0\">");
        for (int k = 0; k < ErrorMapRenderer.STOPS.length; k++) {
            float[] c = ErrorMapRenderer.STOPS[k];
            s.append(String.format(Locale.ROOT, "<stop offset=\"%.2f\" stop-color=\"rgb(%d,%d,%d)\"/>",
                    k / (double) (ErrorMapRenderer.STOPS.length - 1), Math.round(c[0] * 255), Math.round(c[1] * 255),
                    Math.round(c[2] * 255)));
        }
        s.append("</linearGradient></defs><rect x=\"10\" y=\"20\" width=\"20\" height=\"220\" fill=\"url(#cmap)\"/>");
        for (int k = 0; k <= 4; k++) {
            s.append(String.format(Locale.ROOT, "<text x=\"34\" y=\"%.1f\">%s mm</text>", 240 - 220 * k / 4.0 + 4,
                    fmt(maxMm * k / 4) + (k == 4 ? "+" : "")));
        }
        return s.append("</svg>").toString();
    }

    private static String td(double v) {
        return "<td>" + fmt(v) + "</td>";
    }

    static String fmt(double v) {
        return Double.isNaN(v) ? "n/a" : String.format(Locale.ROOT, "%.4g", v);
    }

    static String esc(String s) {
        return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;");
    }
}
