package web

import (
	"fmt"
	"strconv"
	"strings"
	"time"
)

// Charts are inline SVG whose geometry is computed here, so the page needs no script and the template
// only lays out numbers: nothing from the store ends up in an attribute but escaped text and links.

// chartSeries is one band of a stacked chart; Class is one of the stylesheet's status classes.
type chartSeries struct {
	Name, Class string
}

// chartPoint is one scan on a chart.
type chartPoint struct {
	ScanID int64
	At     time.Time
	Values []int
}

type chartArea struct {
	Class, D string
}

// chartHit is the strip of a chart around one point: a link to its scan, with the figures as its tooltip.
type chartHit struct {
	X, W    string
	ScanID  int64
	Tooltip string
}

type chartLabel struct {
	X, Y, Text, Anchor string
}

type chart struct {
	Title    string
	W, H     int
	Series   []chartSeries
	Areas    []chartArea
	Hits     []chartHit
	Labels   []chartLabel
	GridTop  string
	GridBase string
	Left     string
	Right    string
	// Latest holds the newest point's values, for the legend.
	Latest []int
}

const (
	chartW, chartH           = 560, 150
	chartLeft, chartRight    = 34, 8
	chartTop, chartBottomPad = 8, 20
)

func f1(v float64) string { return strconv.FormatFloat(v, 'f', 1, 64) }

// stackedChart draws the points (oldest first) as stacked areas, series in order from the bottom.
func stackedChart(title string, series []chartSeries, points []chartPoint) *chart {
	if len(points) == 0 {
		return nil
	}
	c := &chart{Title: title, W: chartW, H: chartH, Series: series, Latest: points[len(points)-1].Values}
	plotW := float64(chartW - chartLeft - chartRight)
	plotH := float64(chartH - chartTop - chartBottomPad)
	maxTotal := 1
	for _, p := range points {
		total := 0
		for _, v := range p.Values {
			total += v
		}
		maxTotal = max(maxTotal, total)
	}
	// One scan is drawn as a flat band across the chart: a lone point would be invisible.
	xs := make([]float64, len(points))
	geom := points
	if len(points) == 1 {
		geom = []chartPoint{points[0], points[0]}
		xs = []float64{chartLeft, chartLeft + plotW}
	} else {
		for i := range points {
			xs[i] = chartLeft + plotW*float64(i)/float64(len(points)-1)
		}
	}
	y := func(v int) float64 { return chartTop + plotH - plotH*float64(v)/float64(maxTotal) }
	base := make([]int, len(geom))
	for k, s := range series {
		var top []int
		for _, p := range geom {
			v := 0
			if k < len(p.Values) {
				v = p.Values[k]
			}
			top = append(top, v)
		}
		for i := range top {
			top[i] += base[i]
		}
		var d strings.Builder
		for i := range geom {
			cmd := "L"
			if i == 0 {
				cmd = "M"
			}
			fmt.Fprintf(&d, "%s%s %s ", cmd, f1(xs[i]), f1(y(top[i])))
		}
		for i := len(geom) - 1; i >= 0; i-- {
			fmt.Fprintf(&d, "L%s %s ", f1(xs[i]), f1(y(base[i])))
		}
		d.WriteString("Z")
		c.Areas = append(c.Areas, chartArea{Class: s.Class, D: d.String()})
		base = top
	}
	c.GridTop, c.GridBase = f1(y(maxTotal)), f1(y(0))
	c.Left, c.Right = f1(chartLeft), f1(chartLeft+plotW)
	c.Labels = append(c.Labels,
		chartLabel{X: f1(chartLeft - 4), Y: f1(y(maxTotal) + 4), Text: strconv.Itoa(maxTotal), Anchor: "end"},
		chartLabel{X: f1(chartLeft - 4), Y: f1(y(0)), Text: "0", Anchor: "end"},
		chartLabel{X: f1(chartLeft), Y: f1(chartH - 4), Text: points[0].At.UTC().Format("2006-01-02 15:04"), Anchor: "start"})
	if len(points) > 1 {
		c.Labels = append(c.Labels, chartLabel{X: f1(chartLeft + plotW), Y: f1(chartH - 4),
			Text: points[len(points)-1].At.UTC().Format("2006-01-02 15:04"), Anchor: "end"})
	}
	step := plotW
	if len(points) > 1 {
		step = plotW / float64(len(points)-1)
	}
	for i, p := range points {
		x0 := max(float64(chartLeft), xs[i]-step/2)
		x1 := min(float64(chartLeft)+plotW, xs[i]+step/2)
		if len(points) == 1 {
			x0, x1 = chartLeft, chartLeft+plotW
		}
		var parts []string
		for k, s := range series {
			v := 0
			if k < len(p.Values) {
				v = p.Values[k]
			}
			parts = append(parts, fmt.Sprintf("%d %s", v, s.Name))
		}
		c.Hits = append(c.Hits, chartHit{X: f1(x0), W: f1(x1 - x0), ScanID: p.ScanID,
			Tooltip: fmt.Sprintf("scan %d, %s: %s", p.ScanID, p.At.UTC().Format("2006-01-02 15:04 UTC"), strings.Join(parts, ", "))})
	}
	return c
}
