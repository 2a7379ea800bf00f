//! What a key press means: a typed `Action`, named by the action ids of `data/keys.toml`
//! ("<context>.<action>": the context says where, the action what). The keymap turns a key into an
//! action of the current context (`Keymap::lookup`); screens and popups answer to actions, never to
//! key codes, so remapping a key in the user's config moves exactly what the help says it moves.
//! The palette runs actions the same way. A test checks that every action named in the key file is
//! a variant here and every variant is bound in some context.

/// Declares the actions with their ids, and `Action::ALL`.
macro_rules! actions {
    ($($(#[$m:meta])* $v:ident => $id:literal,)*) => {
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
        pub enum Action {
            $($(#[$m])* $v,)*
        }
        impl Action {
            pub const ALL: &'static [Action] = &[$(Action::$v,)*];
            /// The name used in `data/keys.toml` and in the config's `[keys]` table.
            pub fn id(self) -> &'static str {
                match self {
                    $(Action::$v => $id,)*
                }
            }
            pub fn parse(s: &str) -> Option<Action> {
                match s {
                    $($id => Some(Action::$v),)*
                    _ => None,
                }
            }
        }
    };
}

actions! {
    // everywhere
    Help => "help",
    Palette => "palette",
    Search => "search",
    Quit => "quit",
    // welcome
    Demo => "demo",
    Import => "import",
    Empty => "empty",
    Choose => "choose",
    // lists
    Down => "down",
    Up => "up",
    PageDown => "page-down",
    PageUp => "page-up",
    Page => "page",
    First => "first",
    Last => "last",
    Open => "open",
    Back => "back",
    Close => "close",
    // caseload
    View => "view",
    DueWithin => "due-within",
    CaseManager => "case-manager",
    School => "school",
    Kind => "kind",
    Clear => "clear",
    Add => "add",
    // student
    NewMeeting => "new-meeting",
    Switch => "switch",
    // meeting
    /// A section by its number (the digit pressed).
    Section => "section",
    NextSection => "next-section",
    PreviousSection => "previous-section",
    Done => "done",
    Minutes => "minutes",
    Findings => "findings",
    Timer => "timer",
    NextItem => "next-item",
    Parking => "parking",
    Summary => "summary",
    Export => "export",
    Finalize => "finalize",
    NextPane => "next-pane",
    Work => "work",
    Edit => "edit",
    Delete => "delete",
    MoveDown => "move-down",
    MoveUp => "move-up",
    GoalBank => "goal-bank",
    NextToFill => "next-to-fill",
    AnswerYes => "answer-yes",
    AnswerNo => "answer-no",
    /// Show every field of the forms, or only those that apply again.
    AllFields => "all-fields",
    Agenda => "agenda",
    Go => "go",
    Acknowledge => "acknowledge",
    Hide => "hide",
    // minutes
    Record => "record",
    /// Documentation only: the `/d /c /p /a` prefixes are typed text.
    Kinds => "kinds",
    /// Documentation only: `@name` is typed text.
    Speaker => "speaker",
    NewLine => "new-line",
    Correct => "correct",
    Undo => "undo",
    Redo => "redo",
    Leave => "leave",
    // editors and pick lists
    Save => "save",
    Catalog => "catalog",
    ToMinutes => "to-minutes",
    Cancel => "cancel",
    NextBlank => "next-blank",
    PreviousBlank => "previous-blank",
    Toggle => "toggle",
    /// In a list of several: tick every option shown, or untick them all.
    TickAll => "tick-all",
    /// Choose, then go on to fill the next field (Tab).
    ChooseNext => "choose-next",
    Yes => "yes",
    No => "no",
    // parking lot, agenda timer, summary, search results, conflicts
    Handled => "handled",
    Carry => "carry",
    Start => "start",
    Next => "next",
    Stop => "stop",
    Sign => "sign",
    Again => "again",
    Keep => "keep",
    Theirs => "theirs",
    // palette, tour
    /// Documentation only: what is typed in the palette is its query.
    Type => "type",
    Run => "run",
    Skip => "skip",
}

/// What a key means in a context.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Lookup {
    /// An action bound to the key here, and the context of its binding (a pane's own, or one it
    /// shares, such as the meeting's).
    Act(Action, &'static str),
    /// An action of the keys that work everywhere (help, palette, search, quit).
    Global(Action),
    /// The key's built-in action was moved to other keys by the user: it does nothing here.
    Moved,
    /// Not a binding: text for the editor that has the focus (or nothing).
    Unbound,
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ui::keys::Keymap;

    #[test]
    fn every_action_of_the_key_file_is_a_variant_and_every_variant_is_bound() {
        let text = include_str!("../../data/keys.toml");
        let table: toml::Table = toml::from_str(text).unwrap();
        let mut named = Vec::new();
        for (ctx, v) in &table {
            if ctx == "context" {
                continue;
            }
            for b in v.as_array().unwrap() {
                let id = b["action"].as_str().unwrap();
                assert!(Action::parse(id).is_some(), "{ctx}.{id} in data/keys.toml has no Action variant");
                named.push(Action::parse(id).unwrap());
            }
        }
        for a in Action::ALL {
            assert!(named.contains(a), "Action::{a:?} ({}) is bound in no context of data/keys.toml", a.id());
            assert_eq!(Action::parse(a.id()), Some(*a));
        }
        // The keymap carries them.
        assert!(Keymap::builtin().bindings.iter().all(|b| Action::parse(b.act.id()) == Some(b.act)));
    }
}
