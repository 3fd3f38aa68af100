package plan

// The types below follow Terraform's documented JSON output format (internal/command/jsonplan and
// jsonconfig), keeping only what the reader uses. Attribute values and expressions stay generic:
// their shape depends on each resource type's schema.

type planJSON struct {
	FormatVersion    string                  `json:"format_version"`
	TerraformVersion string                  `json:"terraform_version"`
	Variables        map[string]variableJSON `json:"variables"`
	PlannedValues    *stateValues            `json:"planned_values"`
	PriorState       *stateJSON              `json:"prior_state"`
	ResourceChanges  []resourceChange        `json:"resource_changes"`
	DeferredChanges  []deferredChange        `json:"deferred_changes"`
	Configuration    *configJSON             `json:"configuration"`
	Errored          bool                    `json:"errored"`
	Complete         *bool                   `json:"complete"`
	// Values is set in state JSON, never in a plan: it tells a state given by mistake.
	Values *stateValues `json:"values"`
}

type variableJSON struct {
	Value any `json:"value"`
}

type stateJSON struct {
	Values *stateValues `json:"values"`
}

type stateValues struct {
	RootModule *moduleValues `json:"root_module"`
}

type moduleValues struct {
	Address      string           `json:"address"`
	Resources    []resourceValues `json:"resources"`
	ChildModules []moduleValues   `json:"child_modules"`
}

type resourceValues struct {
	Address string         `json:"address"`
	Mode    string         `json:"mode"`
	Type    string         `json:"type"`
	Name    string         `json:"name"`
	Values  map[string]any `json:"values"`
	// SensitiveValues mirrors Values with true where a value is sensitive.
	SensitiveValues any `json:"sensitive_values"`
}

type resourceChange struct {
	Address       string `json:"address"`
	ModuleAddress string `json:"module_address"`
	Mode          string `json:"mode"`
	Type          string `json:"type"`
	Name          string `json:"name"`
	Change        change `json:"change"`
}

type change struct {
	Actions      []string `json:"actions"`
	Before       any      `json:"before"`
	After        any      `json:"after"`
	AfterUnknown any      `json:"after_unknown"`
	// AfterSensitive mirrors After with true where a value is sensitive.
	AfterSensitive any `json:"after_sensitive"`
}

type deferredChange struct {
	Reason         string         `json:"reason"`
	ResourceChange resourceChange `json:"resource_change"`
}

type configJSON struct {
	ProviderConfig map[string]providerConfig `json:"provider_config"`
	RootModule     *configModule             `json:"root_module"`
}

type providerConfig struct {
	Name          string         `json:"name"`
	Alias         string         `json:"alias"`
	ModuleAddress string         `json:"module_address"`
	Expressions   map[string]any `json:"expressions"`
}

type configModule struct {
	Resources   []configResource             `json:"resources"`
	ModuleCalls map[string]moduleCall        `json:"module_calls"`
	Outputs     map[string]configOutput      `json:"outputs"`
	Variables   map[string]configVariableDef `json:"variables"`
}

type configVariableDef struct {
	Default   any  `json:"default"`
	Sensitive bool `json:"sensitive"`
}

type configOutput struct {
	Expression expression `json:"expression"`
}

type moduleCall struct {
	Source            string         `json:"source"`
	Expressions       map[string]any `json:"expressions"`
	CountExpression   *expression    `json:"count_expression"`
	ForEachExpression *expression    `json:"for_each_expression"`
	Module            *configModule  `json:"module"`
}

type configResource struct {
	Address           string         `json:"address"`
	Mode              string         `json:"mode"`
	Type              string         `json:"type"`
	Name              string         `json:"name"`
	ProviderConfigKey string         `json:"provider_config_key"`
	Expressions       map[string]any `json:"expressions"`
	CountExpression   *expression    `json:"count_expression"`
	ForEachExpression *expression    `json:"for_each_expression"`
}

// expression is one argument's expression: constant_value when it references nothing, references
// otherwise (every reference, followed by its shorter prefixes).
type expression struct {
	ConstantValue any      `json:"constant_value"`
	HasConstant   bool     `json:"-"`
	References    []string `json:"references"`
}

// asExpression reads a generic expressions entry as an expression, when it is one: an object whose keys
// are only constant_value and references. Nested blocks are objects of other keys, or lists of them.
func asExpression(v any) (expression, bool) {
	m, ok := v.(map[string]any)
	if !ok {
		return expression{}, false
	}
	// An empty object is an expression that is neither constant nor a reference (a function call
	// without references), or a nested block that sets nothing: both are set in the configuration.
	var e expression
	for k, x := range m {
		switch k {
		case "constant_value":
			e.ConstantValue, e.HasConstant = x, true
		case "references":
			l, ok := x.([]any)
			if !ok {
				return expression{}, false
			}
			for _, r := range l {
				s, ok := r.(string)
				if !ok {
					return expression{}, false
				}
				e.References = append(e.References, s)
			}
		default:
			return expression{}, false
		}
	}
	return e, true
}
