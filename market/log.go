package market

// Entry is one line of a run's event log: something that changed the world,
// who did it and why.
type Entry struct {
	Day     Day
	Kind    string // e.g. "release", "policy", "delivery", "decision", "shock"
	Actor   string // company or supplier id, or "us-gov"/"cn-gov"
	Summary string
	Cause   string // the reason string of a decision, or the event's source
}

// Event log kinds.
const (
	KindRelease  = "release"
	KindPolicy   = "policy"
	KindLaunch   = "chip-launch"
	KindDelivery = "delivery"
	KindDecision = "decision"
	KindShock    = "shock"
	KindDemand   = "demand"
	KindPrice    = "price"
)
