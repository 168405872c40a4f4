// Command promqlcheck parses every PromQL expression the chart ships — the PrometheusRule alerts in
// rendered manifests and the Grafana dashboard's queries — with Prometheus' own parser, and checks
// that every metric they select is one the apps export (the list in dashboards/metrics.txt), so a
// typo in a query fails CI instead of drawing an empty panel or an alert that never fires.
//
//	promqlcheck -metrics dashboards/metrics.txt rendered.yaml... dashboard.json...
package main

import (
	"bufio"
	"bytes"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"strings"

	"github.com/prometheus/prometheus/promql/parser"
	"gopkg.in/yaml.v3"
)

type query struct{ where, expr string }

func main() {
	metricsFile := flag.String("metrics", "", "file listing the metric names the apps export, one a line")
	flag.Parse()
	known, err := readKnown(*metricsFile)
	if err != nil {
		fail(err)
	}
	var queries []query
	for _, file := range flag.Args() {
		data, err := os.ReadFile(file)
		if err != nil {
			fail(err)
		}
		var found []query
		if strings.HasSuffix(file, ".json") {
			found, err = dashboardQueries(file, data)
		} else {
			found, err = ruleQueries(file, data)
		}
		if err != nil {
			fail(err)
		}
		queries = append(queries, found...)
	}
	if len(queries) == 0 {
		fail(errors.New("no PromQL expressions found"))
	}
	p := parser.NewParser(parser.Options{})
	problems := 0
	for _, q := range queries {
		expr, err := p.ParseExpr(q.expr)
		if err != nil {
			fmt.Printf("%s: %v\n  %s\n", q.where, err, q.expr)
			problems++
			continue
		}
		parser.Inspect(expr, func(node parser.Node, _ []parser.Node) error {
			if vs, ok := node.(*parser.VectorSelector); ok && !known(vs.Name) {
				fmt.Printf("%s: selects %q, which no app exports (dashboards/metrics.txt)\n  %s\n", q.where, vs.Name, q.expr)
				problems++
			}
			return nil
		})
	}
	if problems > 0 {
		fail(fmt.Errorf("%d problem(s) in %d expressions", problems, len(queries)))
	}
	fmt.Printf("promqlcheck: %d expressions parse and select known metrics\n", len(queries))
}

// readKnown: exact names, and histogram/summary bases that also stand for _bucket, _sum, _count, _max.
func readKnown(path string) (func(string) bool, error) {
	if path == "" {
		return nil, errors.New("-metrics is required")
	}
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	names := map[string]bool{}
	s := bufio.NewScanner(f)
	for s.Scan() {
		line := strings.TrimSpace(s.Text())
		if line != "" && !strings.HasPrefix(line, "#") {
			names[strings.Fields(line)[0]] = true
		}
	}
	return func(name string) bool {
		if names[name] {
			return true
		}
		for _, suffix := range []string{"_bucket", "_sum", "_count", "_max"} {
			if base, ok := strings.CutSuffix(name, suffix); ok && names[base] {
				return true
			}
		}
		return false
	}, s.Err()
}

// Grafana's variables, replaced by values of the right kind before parsing.
var grafanaVariables = strings.NewReplacer("$__rate_interval", "5m", "$__interval", "1m", "$namespace", ".*", "$phase", "execute")

func dashboardQueries(file string, data []byte) ([]query, error) {
	var d struct {
		Panels []panel `json:"panels"`
	}
	if err := json.Unmarshal(data, &d); err != nil {
		return nil, fmt.Errorf("%s: %w", file, err)
	}
	var out []query
	var walk func([]panel)
	walk = func(panels []panel) {
		for _, p := range panels {
			for _, t := range p.Targets {
				out = append(out, query{fmt.Sprintf("%s: panel %q, query %s", file, p.Title, t.RefID), grafanaVariables.Replace(t.Expr)})
			}
			walk(p.Panels)
		}
	}
	walk(d.Panels)
	return out, nil
}

type panel struct {
	Title   string  `json:"title"`
	Panels  []panel `json:"panels"`
	Targets []struct {
		Expr  string `json:"expr"`
		RefID string `json:"refId"`
	} `json:"targets"`
}

func ruleQueries(file string, data []byte) ([]query, error) {
	var out []query
	dec := yaml.NewDecoder(bytes.NewReader(data))
	for {
		var doc struct {
			Kind     string `yaml:"kind"`
			Metadata struct {
				Name string `yaml:"name"`
			} `yaml:"metadata"`
			Spec struct {
				Groups []struct {
					Rules []struct {
						Alert  string `yaml:"alert"`
						Record string `yaml:"record"`
						Expr   string `yaml:"expr"`
					} `yaml:"rules"`
				} `yaml:"groups"`
			} `yaml:"spec"`
		}
		err := dec.Decode(&doc)
		if errors.Is(err, io.EOF) {
			return out, nil
		}
		if err != nil {
			return nil, fmt.Errorf("%s: %w", file, err)
		}
		if doc.Kind != "PrometheusRule" {
			continue
		}
		for _, g := range doc.Spec.Groups {
			for _, r := range g.Rules {
				out = append(out, query{fmt.Sprintf("%s: PrometheusRule %s, rule %s%s", file, doc.Metadata.Name, r.Alert, r.Record), r.Expr})
			}
		}
	}
}

func fail(err error) {
	fmt.Fprintln(os.Stderr, "promqlcheck:", err)
	os.Exit(1)
}
