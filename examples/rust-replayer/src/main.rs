//! A replayer for `batpak-cache verify` and `replay`: the service's own projection types, driven over NDJSON on
//! stdin/stdout (the protocol is in docs/cli.md). In a service, the projection types come from its own crate; here
//! they are the fixtures' CounterState, AccountBalance, Lifecycle and EventCount, written against a `Projection`
//! trait that mirrors the shape of batpak's: a state built from nothing, folded one event at a time.
//!
//! Build: `cargo build` (see .cargo/config.toml for the offline source). Run: `batpak-cache verify <root> --store DIR
//! --replayer "examples/rust-replayer/target/debug/replayer"`.

use serde::de::DeserializeOwned;
use serde::{Deserialize, Serialize};
use serde_json::{json, Value};
use std::io::{self, BufRead, Write};
use std::marker::PhantomData;

/// An event as `batpak-cache events --json` writes it (only the fields the projections read).
#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Event {
    pub sequence: u64,
    /// `"0x2001"`: `category << 12 | type_id`.
    pub kind: String,
    pub timestamp_us: Option<i64>,
    pub payload: Value,
}

impl Event {
    fn payload<T: DeserializeOwned>(&self) -> Result<T, String> {
        serde_json::from_value(self.payload.clone()).map_err(|e| format!("event {} ({}): {}", self.sequence, self.kind, e))
    }
}

/// What batpak's projections declare, and their apply.
pub trait Projection: Serialize + DeserializeOwned + Default {
    const NAME: &'static str;
    const SCHEMA_VERSION: u64;
    /// The relevant event kinds; empty means every kind.
    const KINDS: &'static [&'static str];
    fn apply(&mut self, event: &Event) -> Result<(), String>;
}

// ---- The projection types (a service uses its own) ----

#[derive(Serialize, Deserialize, Default)]
pub struct CounterState {
    value: i64,
    increments: u64,
    decrements: u64,
    last_reason: String,
}

#[derive(Deserialize)]
struct Amount {
    amount: i64,
    reason: String,
}

impl Projection for CounterState {
    const NAME: &'static str = "CounterState";
    const SCHEMA_VERSION: u64 = 0;
    const KINDS: &'static [&'static str] = &["0x1001", "0x1002"];
    fn apply(&mut self, event: &Event) -> Result<(), String> {
        let Amount { amount, reason } = event.payload()?;
        if event.kind == "0x1001" {
            self.value += amount;
            self.increments += 1;
        } else {
            self.value -= amount;
            self.decrements += 1;
        }
        self.last_reason = reason;
        Ok(())
    }
}

#[derive(Serialize, Deserialize, Default)]
pub struct AccountBalance {
    owner: String,
    currency: String,
    balance_cents: i64,
    tx_count: u64,
    last_memo: Option<String>,
}

#[derive(Deserialize)]
struct Opened {
    owner: String,
    currency: String,
}

#[derive(Deserialize)]
struct Transaction {
    cents: i64,
    memo: String,
}

impl Projection for AccountBalance {
    const NAME: &'static str = "AccountBalance";
    const SCHEMA_VERSION: u64 = 2;
    const KINDS: &'static [&'static str] = &["0x2001", "0x2002", "0x2003"];
    fn apply(&mut self, event: &Event) -> Result<(), String> {
        if event.kind == "0x2001" {
            let Opened { owner, currency } = event.payload()?;
            self.owner = owner;
            self.currency = currency;
            return Ok(());
        }
        let Transaction { cents, memo } = event.payload()?;
        self.balance_cents += if event.kind == "0x2002" { cents } else { -cents };
        self.tx_count += 1;
        self.last_memo = Some(memo);
        Ok(())
    }
}

/// serde's externally tagged enum: `{"Active":{"since_us":…,"by":"bob"}}`, as batpak cached it.
#[derive(Serialize, Deserialize, Default)]
pub enum Lifecycle {
    #[default]
    Unborn,
    Draft { title: String },
    Active { since_us: i64, by: String },
    Closed { reason: String, reopened: bool },
}

#[derive(Deserialize)]
struct Title {
    title: String,
}

#[derive(Deserialize)]
struct By {
    by: String,
}

#[derive(Deserialize)]
struct Reason {
    reason: String,
}

impl Projection for Lifecycle {
    const NAME: &'static str = "Lifecycle";
    const SCHEMA_VERSION: u64 = 1;
    const KINDS: &'static [&'static str] = &["0x3001", "0x3002", "0x3003"];
    fn apply(&mut self, event: &Event) -> Result<(), String> {
        *self = match event.kind.as_str() {
            "0x3001" => Lifecycle::Draft { title: event.payload::<Title>()?.title },
            "0x3002" => Lifecycle::Active { since_us: event.timestamp_us.unwrap_or(0), by: event.payload::<By>()?.by },
            _ => Lifecycle::Closed { reason: event.payload::<Reason>()?.reason, reopened: matches!(self, Lifecycle::Closed { .. }) },
        };
        Ok(())
    }
}

/// A newtype: cached as the bare number.
#[derive(Serialize, Deserialize, Default)]
pub struct EventCount(u64);

impl Projection for EventCount {
    const NAME: &'static str = "EventCount";
    const SCHEMA_VERSION: u64 = 7;
    const KINDS: &'static [&'static str] = &[];
    fn apply(&mut self, _event: &Event) -> Result<(), String> {
        self.0 += 1;
        Ok(())
    }
}

// ---- The protocol: the same for every service ----

/// A projection type behind the protocol: states in and out as JSON.
trait Replays {
    fn hello(&self) -> Value;
    fn name(&self) -> &'static str;
    fn init(&self) -> Result<Value, String>;
    fn states(&self, state: Value, events: &[Event]) -> Result<Vec<Value>, String>;
}

struct Registered<P>(PhantomData<P>);

impl<P: Projection> Replays for Registered<P> {
    fn hello(&self) -> Value {
        // A replayer built with the service's toolchain could give batpak's type hash here; this one leaves it null.
        json!({ "name": P::NAME, "schemaVersion": P::SCHEMA_VERSION, "kinds": P::KINDS, "typeHash": null })
    }
    fn name(&self) -> &'static str {
        P::NAME
    }
    fn init(&self) -> Result<Value, String> {
        serde_json::to_value(P::default()).map_err(|e| e.to_string())
    }
    fn states(&self, state: Value, events: &[Event]) -> Result<Vec<Value>, String> {
        let mut state: P = serde_json::from_value(state).map_err(|e| format!("the state is not a {}: {}", P::NAME, e))?;
        let mut states = Vec::with_capacity(events.len());
        for event in events {
            state.apply(event)?;
            states.push(serde_json::to_value(&state).map_err(|e| e.to_string())?);
        }
        Ok(states)
    }
}

fn projections() -> Vec<Box<dyn Replays>> {
    vec![
        Box::new(Registered::<CounterState>(PhantomData)),
        Box::new(Registered::<AccountBalance>(PhantomData)),
        Box::new(Registered::<Lifecycle>(PhantomData)),
        Box::new(Registered::<EventCount>(PhantomData)),
    ]
}

#[derive(Deserialize)]
struct Request {
    id: Option<Value>,
    op: String,
    projection: Option<String>,
    state: Option<Value>,
    events: Option<Vec<Event>>,
}

fn answer(all: &[Box<dyn Replays>], request: Request) -> Result<Value, String> {
    if request.op == "hello" {
        return Ok(json!({ "projections": all.iter().map(|p| p.hello()).collect::<Vec<_>>() }));
    }
    let name = request.projection.unwrap_or_default();
    let projection = all.iter().find(|p| p.name() == name).ok_or_else(|| format!("no projection named {}", name))?;
    match request.op.as_str() {
        "init" => Ok(json!({ "state": projection.init()? })),
        "apply" | "fold" => {
            let state = request.state.unwrap_or(Value::Null);
            let events = request.events.unwrap_or_default();
            let folding = request.op == "fold";
            if folding && events.is_empty() {
                return Ok(json!({ "state": state }));
            }
            let mut states = projection.states(state, &events)?;
            Ok(if folding { json!({ "state": states.pop() }) } else { json!({ "states": states }) })
        }
        other => Err(format!("unknown op {}", other)),
    }
}

fn main() -> io::Result<()> {
    let all = projections();
    let stdout = io::stdout();
    let mut out = stdout.lock();
    for line in io::stdin().lock().lines() {
        let line = line?;
        if line.trim().is_empty() {
            continue;
        }
        let (id, reply) = match serde_json::from_str::<Request>(&line) {
            Ok(request) => (request.id.clone(), answer(&all, request)),
            Err(e) => (None, Err(format!("not a request: {}", e))),
        };
        let mut reply = reply.unwrap_or_else(|error| json!({ "error": error }));
        if let (Some(id), Value::Object(members)) = (id, &mut reply) {
            members.insert("id".to_string(), id);
        }
        writeln!(out, "{}", reply)?;
        out.flush()?;
    }
    Ok(())
}
