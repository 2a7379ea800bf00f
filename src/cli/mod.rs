//! Command line: argument parsing and dispatch; bigger subcommands have a file of their own.

mod check;
mod export;

use std::path::PathBuf;

use anyhow::{bail, Context};
use chrono::NaiveDate;
use clap::{Parser, Subcommand};

use crate::domain::demo;
use crate::domain::fields::parse_date;
use crate::store::{default_db_path, Store};
use crate::ui::{self, app::App, theme::Theme};

#[derive(Parser, Debug)]
#[command(
    name = "iepmeet",
    version,
    about = "Walk an IEP team through a meeting, section by section, and record the minutes as you type.",
    long_about = "Walk an IEP team through a meeting, section by section, and record the minutes as you type.\n\n\
                  Without a subcommand, opens the terminal UI. Data lives in one SQLite file: by default in the\n\
                  platform data directory, or where --db / IEPMEET_DB point."
)]
pub struct Cli {
    /// Database file (default: the platform data directory)
    #[arg(long, global = true, env = "IEPMEET_DB", value_name = "PATH")]
    pub db: Option<PathBuf>,

    /// Theme: a built-in name (default, high-contrast) or a path to a theme TOML file
    #[arg(long, global = true, default_value = "default")]
    pub theme: String,

    /// Use this date as today (YYYY-MM-DD): for rehearsals, tests and checking a past meeting
    #[arg(long, global = true, value_name = "DATE")]
    pub today: Option<String>,

    #[command(subcommand)]
    pub command: Option<Command>,
}

#[derive(Subcommand, Debug)]
pub enum Command {
    /// Add a deterministic, clearly fictional demo caseload to the database
    Demo {
        /// Number of students
        #[arg(long, default_value_t = 40, value_parser = clap::value_parser!(u32).range(1..=1_000_000))]
        students: u32,
        /// Seed: the same seed and date give the same caseload
        #[arg(long, default_value_t = 1)]
        seed: u64,
    },
    /// Print where the database is and what it holds
    Info,
    /// Check a meeting document against the compliance rules (exit 0: no ERROR, 1: ERRORs, 2: bad input)
    Check {
        /// The meeting document (JSON, docs/meeting-format.md); - reads standard input
        file: PathBuf,
        /// Print the findings as JSON
        #[arg(long)]
        json: bool,
        /// Policy profile: california or idea-federal
        #[arg(long, default_value = "california")]
        policy: String,
    },
    /// Export a meeting (by number, as shown on the student screen)
    Export {
        /// Meeting number
        meeting: i64,
        /// Output format (md, html and pdf are planned)
        #[arg(long, value_parser = ["json"], default_value = "json")]
        format: String,
        /// Write to this file instead of standard output
        #[arg(short, long, value_name = "FILE")]
        output: Option<PathBuf>,
    },
    /// Show or set the policy profile this database uses (california, idea-federal)
    Policy {
        /// The profile to use from now on
        name: Option<String>,
    },
}

fn today(cli: &Cli) -> anyhow::Result<NaiveDate> {
    match &cli.today {
        Some(t) => parse_date(t).map_err(|e| anyhow::anyhow!("--today: {e}")),
        None => Ok(chrono::Local::now().date_naive()),
    }
}

fn db_path(cli: &Cli) -> anyhow::Result<PathBuf> {
    match &cli.db {
        Some(p) if p.as_os_str().is_empty() => bail!("--db / IEPMEET_DB is empty"),
        Some(p) => Ok(p.clone()),
        None => default_db_path().context("no home directory found; pass --db PATH or set IEPMEET_DB"),
    }
}

/// Run the command line; the result is the process exit code.
pub fn main() -> anyhow::Result<i32> {
    let cli = Cli::parse();
    let today = today(&cli)?;
    if let Some(Command::Check { file, json, policy }) = &cli.command {
        return check::run(file, *json, policy, today);
    }
    let path = db_path(&cli)?;
    match &cli.command {
        None => {
            use std::io::IsTerminal;
            if !std::io::stdout().is_terminal() || !std::io::stdin().is_terminal() {
                bail!("the iepmeet UI needs a terminal; see `iepmeet --help` for commands that do not");
            }
            let no_color = std::env::var_os("NO_COLOR").is_some_and(|v| !v.is_empty());
            let theme = Theme::load(&cli.theme, no_color).map_err(|e| anyhow::anyhow!(e))?;
            let store = Store::open(&path)?;
            let app = App::new(store, theme, today)?;
            ui::run(app)?;
            Ok(0)
        }
        Some(Command::Demo { students, seed }) => {
            let mut store = Store::open(&path)?;
            let cases = demo::caseload(*students as usize, *seed, today);
            let n = store.load_demo(&cases, today)?;
            store.set_state("welcomed", "demo")?;
            println!("Added {n} fictional demo students (IDs DEMO-…) to {}", path.display());
            Ok(0)
        }
        Some(Command::Info) => {
            let store = Store::open(&path)?;
            println!("database: {}", path.display());
            println!("schema version: {}", store.schema_version()?);
            println!("students: {}", store.student_count()?);
            println!("policy: {}", store.get_state("policy")?.unwrap_or_else(|| "california".into()));
            Ok(0)
        }
        Some(Command::Export { meeting, output, .. }) => {
            let store = Store::open(&path)?;
            export::run(&store, *meeting, output.as_deref())
        }
        Some(Command::Policy { name }) => {
            let mut store = Store::open(&path)?;
            match name {
                Some(n) => {
                    crate::timeline::Policy::builtin(n).map_err(|e| anyhow::anyhow!(e))?;
                    let p = store.set_policy(n)?;
                    println!("This database now uses the {} policy profile.", p.title);
                }
                None => {
                    let n = store.get_state("policy")?.unwrap_or_else(|| "california".into());
                    println!("{n} (available: {})", crate::timeline::Policy::names().join(", "));
                }
            }
            Ok(0)
        }
        Some(Command::Check { .. }) => unreachable!("handled above"),
    }
}
