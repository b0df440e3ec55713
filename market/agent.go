package market

// Agent is a strategic company. At every quarterly decision the market calls
// Decide with a read-only view of the world as the agent's company sees it,
// and applies the returned decisions itself (see [Run] for the order).
// Decide must not keep the View beyond the call.
type Agent interface {
	// ID is the provider or supplier id the agent controls.
	ID() string
	Decide(v *View) []Decision
}

// DecisionKind says what a [Decision] changes.
type DecisionKind int

const (
	// SetPrice sets the company's price in Segment to Value USD per unit.
	SetPrice DecisionKind = iota
	// OrderChips orders Value units of Chip from its supplier for this
	// quarter's allocation (orders of one decision add up; unfilled orders
	// lapse at the next decision).
	OrderChips
	// SetRnD sets the company's R&D budget to Value USD per year.
	SetRnD
	// SetChipPrice sets a supplier's price of Chip to Value USD per unit.
	SetChipPrice
	// PullRelease brings the company's unreleased Model forward by Value
	// days (never to before tomorrow).
	PullRelease
	// RequestFunding asks the provider's parent for Value USD now, within
	// what is left of its funding limit.
	RequestFunding
	// ExitSegment makes the provider stop selling in Segment; its buyers
	// move to their next choices.
	ExitSegment
	// SetTraining sets the share of the provider's fleet reserved for
	// training its next models to Value (0..0.9).
	SetTraining
	// SetOpenWeights decides whether the provider's next releases publish
	// their weights: Value 1 opens them, 0 keeps them closed, whatever
	// the scenario says of each model.
	SetOpenWeights
)

func (k DecisionKind) String() string {
	switch k {
	case SetPrice:
		return "set-price"
	case OrderChips:
		return "order-chips"
	case SetRnD:
		return "set-rnd"
	case SetChipPrice:
		return "set-chip-price"
	case PullRelease:
		return "pull-release"
	case RequestFunding:
		return "request-funding"
	case ExitSegment:
		return "exit-segment"
	case SetTraining:
		return "set-training"
	case SetOpenWeights:
		return "set-open-weights"
	}
	return "unknown"
}

// Decision is one choice an agent makes, with the reason that goes to the log.
type Decision struct {
	Kind    DecisionKind
	Segment int // segment index for SetPrice
	Chip    int // chip index for OrderChips and SetChipPrice
	Model   int // model index for PullRelease
	Value   float64
	Reason  string
}
