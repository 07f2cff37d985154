/*
 * Copyright 2026 The libmigui authors
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#define G_LOG_DOMAIN "survey-agent"

#include <glib/gi18n.h>

#include "survey-application.h"
#include "survey-comments-form.h"
#include "survey-form.h"
#include "survey-transcript.h"

/*
 * The survey agent of Bharat and Cardelli's "Migratory Applications".  Its
 * suitcase is the paper's global state: the device it started from, the
 * agenda of people and hosts, how many hosts it has visited, and the
 * transcript of answers.  Done records the answers given here and moves
 * the whole application to the next host of the agenda, or home after the
 * last one; a host that cannot be reached is noted and skipped.
 */

typedef struct
{
  char *person;
  char *host;
} SurveyStop;

struct _SurveyApplication
{
  MigApplication parent_instance;

  char *origin_id;
  char *origin_name;
  guint visits;
  GPtrArray *agenda;            /* SurveyStop */
  guint next;                   /* index of the next stop to go to */
  GPtrArray *transcript;        /* one entry per answer or failure */
  gboolean departed;

  gboolean answered_here;       /* this host's answers are in the transcript */
  gboolean hopping;
  gboolean going_home;
  char *target;                 /* what the current hop is to, for messages */
};

G_DEFINE_FINAL_TYPE (SurveyApplication, survey_application, MIG_TYPE_APPLICATION)

enum
{
  SIGNAL_CHANGED,
  SIGNAL_MESSAGE,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

static void hop (SurveyApplication *self);

static void
survey_stop_free (gpointer data)
{
  SurveyStop *stop = data;

  g_free (stop->person);
  g_free (stop->host);
  g_free (stop);
}

static void
changed (SurveyApplication *self)
{
  g_signal_emit (self, signals[SIGNAL_CHANGED], 0);
}

static const char *
briefing (SurveyApplication *self,
          const char        *key)
{
  return mig_application_lookup_briefing (MIG_APPLICATION (self), key);
}

/* Whether @target (a device ID, name or address) is the device we run on. */
static gboolean
is_here (SurveyApplication *self,
         const char        *target)
{
  const char *id = briefing (self, "device-id");
  const char *name = briefing (self, "device-name");

  return (id != NULL && g_strcmp0 (id, target) == 0) ||
         (name != NULL && g_utf8_collate (name, target) == 0);
}

static void
append_entry (SurveyApplication *self,
              char              *entry)
{
  g_ptr_array_add (self->transcript, entry);
  changed (self);
}

/* A hop failed: noted in the transcript; the agent goes on to the next
 * host, or stays here if it was going home. */
static void
hop_failed (SurveyApplication *self,
            const GError      *error)
{
  if (self->going_home)
    {
      g_autofree char *message = g_strdup_printf (_("Could not go home to %s: %s"), self->origin_name, error->message);

      self->hopping = FALSE;
      append_entry (self, g_strdup (message));
      g_signal_emit (self, signals[SIGNAL_MESSAGE], 0, message);
      return;
    }
  append_entry (self, g_strdup_printf (_("Could not reach %s: %s"), self->target, error->message));
  hop (self);
}

static void
migrated_cb (GObject      *source,
             GAsyncResult *result,
             gpointer      user_data)
{
  g_autoptr(SurveyApplication) self = user_data;
  g_autoptr(GError) error = NULL;

  if (mig_application_migrate_finish (MIG_APPLICATION (self), result, &error))
    {
      /* The agent lives on there now; this process ends with its windows. */
      self->hopping = FALSE;
      return;
    }

  if (g_error_matches (error, MIG_ERROR, MIG_ERROR_CANCELLED))
    {
      /* The user stopped the hop: Done tries the same host again. */
      if (!self->going_home && self->next > 0)
        self->next--;
      self->hopping = FALSE;
      changed (self);
      return;
    }
  hop_failed (self, error);
}

static void
found_cb (GObject      *source,
          GAsyncResult *result,
          gpointer      user_data)
{
  g_autoptr(SurveyApplication) self = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(MigPeer) peer = mig_peer_browser_find_finish (MIG_PEER_BROWSER (source), result, &error);

  if (peer == NULL)
    {
      hop_failed (self, error);
      return;
    }
  g_debug ("hop: sending to %s", mig_peer_get_name (peer));
  mig_application_migrate_async (MIG_APPLICATION (self), peer, MIG_MIGRATE_MOVE, NULL,
                                 migrated_cb, g_object_ref (self));
}

/* Goes to the next host of the agenda, or home after the last one. */
static void
hop (SurveyApplication *self)
{
  const char *destination;

  if (self->next < self->agenda->len)
    {
      SurveyStop *stop = self->agenda->pdata[self->next++];

      destination = stop->host;
      self->going_home = FALSE;
      g_free (self->target);
      self->target = g_strdup (stop->host);
    }
  else if (survey_application_get_stage (self) == SURVEY_STAGE_HOME)
    {
      /* Every host was skipped: the journey ends where it began. */
      self->hopping = FALSE;
      changed (self);
      return;
    }
  else
    {
      destination = self->origin_id;
      self->going_home = TRUE;
      g_free (self->target);
      self->target = g_strdup (self->origin_name);
    }

  if (is_here (self, destination))
    {
      hop (self);
      return;
    }

  self->hopping = TRUE;
  changed (self);
  mig_peer_browser_find_async (MIG_PEER_BROWSER (mig_application_get_peers (MIG_APPLICATION (self))),
                               destination, NULL, found_cb, g_object_ref (self));
}

/**
 * survey_application_done:
 * @self: the agent
 * @name: (nullable): who answered here
 * @comments: their comments
 * @choice: their answer to question 1
 * @answer: their answer to question 2
 *
 * Records the answers given on this host (not on the originating device,
 * which only sends the survey out), counts the visit, and moves on.
 */
void
survey_application_done (SurveyApplication *self,
                         const char        *name,
                         const char        *comments,
                         const char        *choice,
                         const char        *answer)
{
  g_return_if_fail (SURVEY_IS_APPLICATION (self));
  g_return_if_fail (survey_application_can_go_on (self));

  g_debug ("hop: Done clicked at %" G_GINT64_FORMAT " µs", g_get_monotonic_time ());
  /* After a hop that failed or was cancelled, Done only tries again. */
  if (survey_application_get_stage (self) == SURVEY_STAGE_AWAY && !self->answered_here)
    {
      const char *who = name != NULL && *name != '\0' ? name : survey_application_get_person_here (self);

      if (who == NULL || *who == '\0')
        who = _("Someone");
      self->visits++;
      g_ptr_array_add (self->transcript, g_strdup_printf (_("%s said: %s"), who, comments));
      g_ptr_array_add (self->transcript, g_strdup_printf (_("Qn 1: %s Qn 2: %s"), choice, answer));
      self->answered_here = TRUE;
    }
  self->departed = TRUE;
  hop (self);
}

SurveyStage
survey_application_get_stage (SurveyApplication *self)
{
  g_return_val_if_fail (SURVEY_IS_APPLICATION (self), SURVEY_STAGE_NEW);

  if (!self->departed || self->origin_id == NULL)
    return SURVEY_STAGE_NEW;
  return is_here (self, self->origin_id) ? SURVEY_STAGE_HOME : SURVEY_STAGE_AWAY;
}

const char *
survey_application_get_origin_name (SurveyApplication *self)
{
  g_return_val_if_fail (SURVEY_IS_APPLICATION (self), NULL);
  return self->origin_name;
}

guint
survey_application_get_visits (SurveyApplication *self)
{
  g_return_val_if_fail (SURVEY_IS_APPLICATION (self), 0);
  return self->visits;
}

guint
survey_application_get_n_stops (SurveyApplication *self)
{
  g_return_val_if_fail (SURVEY_IS_APPLICATION (self), 0);
  return self->agenda->len;
}

guint
survey_application_get_next_stop (SurveyApplication *self)
{
  g_return_val_if_fail (SURVEY_IS_APPLICATION (self), 0);
  return self->next;
}

void
survey_application_get_stop (SurveyApplication  *self,
                             guint               index,
                             const char        **person,
                             const char        **host)
{
  SurveyStop *stop;

  g_return_if_fail (SURVEY_IS_APPLICATION (self));
  g_return_if_fail (index < self->agenda->len);

  stop = self->agenda->pdata[index];
  *person = stop->person;
  *host = stop->host;
}

void
survey_application_add_stop (SurveyApplication *self,
                             const char        *person,
                             const char        *host)
{
  SurveyStop *stop;

  g_return_if_fail (SURVEY_IS_APPLICATION (self));
  g_return_if_fail (person != NULL && host != NULL);

  stop = g_new0 (SurveyStop, 1);
  stop->person = g_strdup (person);
  stop->host = g_strdup (host);
  g_ptr_array_add (self->agenda, stop);
  changed (self);
}

/* The person the agenda names for the host the agent has just come to. */
const char *
survey_application_get_person_here (SurveyApplication *self)
{
  g_return_val_if_fail (SURVEY_IS_APPLICATION (self), NULL);

  if (self->next == 0 || self->next > self->agenda->len)
    return NULL;
  return ((SurveyStop *) self->agenda->pdata[self->next - 1])->person;
}

char *
survey_application_dup_transcript (SurveyApplication *self)
{
  GString *text = g_string_new (NULL);

  g_return_val_if_fail (SURVEY_IS_APPLICATION (self), NULL);

  for (guint i = 0; i < self->transcript->len; i++)
    g_string_append_printf (text, "%s\n", (const char *) self->transcript->pdata[i]);
  return g_string_free (text, FALSE);
}

gboolean
survey_application_get_hopping (SurveyApplication *self)
{
  g_return_val_if_fail (SURVEY_IS_APPLICATION (self), FALSE);
  return self->hopping;
}

/* Whether Done may be clicked: away always; at the origin only with
 * somewhere left to go. */
gboolean
survey_application_can_go_on (SurveyApplication *self)
{
  g_return_val_if_fail (SURVEY_IS_APPLICATION (self), FALSE);

  if (self->hopping || self->origin_id == NULL)
    return FALSE;
  if (survey_application_get_stage (self) == SURVEY_STAGE_AWAY)
    return TRUE;
  return self->next < self->agenda->len;
}

static void
survey_application_save_state (MigApplication *app,
                               GVariantDict   *dict)
{
  SurveyApplication *self = SURVEY_APPLICATION (app);
  GVariantBuilder agenda;
  GVariantBuilder transcript;

  g_variant_builder_init (&agenda, G_VARIANT_TYPE ("a(ss)"));
  for (guint i = 0; i < self->agenda->len; i++)
    {
      SurveyStop *stop = self->agenda->pdata[i];

      g_variant_builder_add (&agenda, "(ss)", stop->person, stop->host);
    }
  g_variant_builder_init (&transcript, G_VARIANT_TYPE ("as"));
  for (guint i = 0; i < self->transcript->len; i++)
    g_variant_builder_add (&transcript, "s", self->transcript->pdata[i]);

  if (self->origin_id != NULL)
    {
      g_variant_dict_insert (dict, "origin-id", "s", self->origin_id);
      g_variant_dict_insert (dict, "origin-name", "s", self->origin_name);
    }
  g_variant_dict_insert (dict, "visits", "u", self->visits);
  g_variant_dict_insert_value (dict, "agenda", g_variant_builder_end (&agenda));
  g_variant_dict_insert (dict, "next", "u", self->next);
  g_variant_dict_insert_value (dict, "transcript", g_variant_builder_end (&transcript));
  g_variant_dict_insert (dict, "departed", "b", self->departed);
}

static void
survey_application_restore_state (MigApplication *app,
                                  GVariant       *state)
{
  SurveyApplication *self = SURVEY_APPLICATION (app);
  g_autoptr(GVariantIter) agenda = NULL;
  g_autoptr(GVariantIter) transcript = NULL;
  const char *origin_id, *origin_name, *person, *host, *entry;

  if (g_variant_lookup (state, "origin-id", "&s", &origin_id) &&
      g_variant_lookup (state, "origin-name", "&s", &origin_name))
    {
      g_free (self->origin_id);
      g_free (self->origin_name);
      self->origin_id = g_strdup (origin_id);
      self->origin_name = g_strdup (origin_name);
    }
  g_variant_lookup (state, "visits", "u", &self->visits);
  g_variant_lookup (state, "departed", "b", &self->departed);
  if (g_variant_lookup (state, "agenda", "a(ss)", &agenda))
    {
      g_ptr_array_set_size (self->agenda, 0);
      while (g_variant_iter_next (agenda, "(&s&s)", &person, &host))
        survey_application_add_stop (self, person, host);
    }
  if (g_variant_lookup (state, "transcript", "as", &transcript))
    {
      g_ptr_array_set_size (self->transcript, 0);
      while (g_variant_iter_next (transcript, "&s", &entry))
        g_ptr_array_add (self->transcript, g_strdup (entry));
    }
  g_variant_lookup (state, "next", "u", &self->next);
  /* Whoever is here has not answered yet. */
  self->answered_here = FALSE;
  /* The tree comes from another device: keep the index meaningful. */
  self->next = MIN (self->next, self->agenda->len);
  changed (self);
}

static void
present_windows (SurveyApplication *self,
                 gboolean           with_transcript)
{
  gboolean have_comments = FALSE, have_form = FALSE, have_transcript = FALSE;

  for (GList *l = gtk_application_get_windows (GTK_APPLICATION (self)); l != NULL; l = l->next)
    {
      have_comments |= SURVEY_IS_COMMENTS_FORM (l->data);
      have_form |= SURVEY_IS_FORM (l->data);
      have_transcript |= SURVEY_IS_TRANSCRIPT (l->data);
    }
  if (with_transcript && !have_transcript)
    gtk_window_present (g_object_new (SURVEY_TYPE_TRANSCRIPT, "application", self, NULL));
  if (!have_form)
    gtk_window_present (g_object_new (SURVEY_TYPE_FORM, "application", self, NULL));
  if (!have_comments)
    gtk_window_present (g_object_new (SURVEY_TYPE_COMMENTS_FORM, "application", self, NULL));
}

static void
window_application_cb (GtkWindow  *window,
                       GParamSpec *pspec,
                       GCallback   update)
{
  GtkApplication *app = gtk_window_get_application (window);

  if (app == NULL || g_object_get_data (G_OBJECT (window), "survey-watched") == app)
    return;
  g_object_set_data (G_OBJECT (window), "survey-watched", app);
  g_signal_connect_object (app, "changed", update, window, G_CONNECT_SWAPPED);
  ((void (*) (GtkWindow *)) update) (window);
}

/**
 * survey_application_watch_window:
 * @window: a window of the agent
 * @update: (scope forever): called with @window to show the suitcase
 *
 * Calls @update once @window belongs to the agent and whenever the
 * suitcase changes.  Windows may be built before they join the
 * application: libmigui keeps spare windows to make arrivals fast.
 */
void
survey_application_watch_window (GtkWindow *window,
                                 GCallback  update)
{
  g_signal_connect (window, "notify::application", G_CALLBACK (window_application_cb), update);
  window_application_cb (window, NULL, update);
}

/**
 * survey_application_show_device:
 * @window: a window of the agent
 * @title: the window's title widget
 *
 * Names the device the agent runs on, under the window's title and in the
 * window manager's title ("Comments — Laptop"), so that it can be told
 * where the agent is when several devices share a screen.
 */
void
survey_application_show_device (GtkWindow      *window,
                                AdwWindowTitle *title)
{
  GtkApplication *app = gtk_window_get_application (window);
  const char *device = app != NULL ? mig_application_lookup_briefing (MIG_APPLICATION (app), "device-name") : NULL;
  g_autofree char *subtitle = NULL;
  g_autofree char *full = NULL;

  if (device == NULL)
    return;
  /* TRANSLATORS: under a window's title: where the survey agent is */
  subtitle = g_strdup_printf (_("On %s"), device);
  /* TRANSLATORS: a window's title and the device it is on, "Comments — Laptop" */
  full = g_strdup_printf (_("%s — %s"), adw_window_title_get_title (title), device);
  adw_window_title_set_subtitle (title, subtitle);
  gtk_window_set_title (window, full);
}

/**
 * survey_application_arrived:
 * @self: the agent
 *
 * Called by the comments form once the agent has been rebuilt here, to
 * bring back any window the previous user closed; the transcript is always
 * shown on arrival.
 */
void
survey_application_arrived (SurveyApplication *self)
{
  g_return_if_fail (SURVEY_IS_APPLICATION (self));

  present_windows (self, TRUE);
  changed (self);
}

static void
survey_application_activate (GApplication *app)
{
  SurveyApplication *self = SURVEY_APPLICATION (app);
  GtkWindow *window = gtk_application_get_active_window (GTK_APPLICATION (app));

  /* A new survey starts from this device. */
  if (self->origin_id == NULL)
    survey_application_reset (self);
  if (window != NULL)
    gtk_window_present (window);
  else
    present_windows (self, self->departed);
  changed (self);
}

/**
 * survey_application_reset:
 * @self: the agent
 *
 * Starts a new survey from this device: an empty agenda and transcript.
 * Does nothing while the agent is leaving.
 */
void
survey_application_reset (SurveyApplication *self)
{
  g_return_if_fail (SURVEY_IS_APPLICATION (self));

  if (self->hopping)
    return;
  g_ptr_array_set_size (self->agenda, 0);
  g_ptr_array_set_size (self->transcript, 0);
  self->next = 0;
  self->visits = 0;
  self->departed = FALSE;
  g_clear_pointer (&self->origin_id, g_free);
  g_clear_pointer (&self->origin_name, g_free);
  if (briefing (self, "device-id") != NULL)
    {
      self->origin_id = g_strdup (briefing (self, "device-id"));
      self->origin_name = g_strdup (briefing (self, "device-name"));
    }
  changed (self);
}

static void
new_survey_activated (GSimpleAction *action,
                      GVariant      *parameter,
                      gpointer       user_data)
{
  survey_application_reset (user_data);
}

static void
quit_activated (GSimpleAction *action,
                GVariant      *parameter,
                gpointer       user_data)
{
  g_application_quit (user_data);
}

static void
survey_application_startup (GApplication *app)
{
  static const GActionEntry entries[] = {
    { "new-survey", new_survey_activated },
    { "quit", quit_activated },
  };
  static const char *new_accels[] = { "<Control>n", NULL };
  static const char *quit_accels[] = { "<Control>q", NULL };

  G_APPLICATION_CLASS (survey_application_parent_class)->startup (app);

  g_action_map_add_action_entries (G_ACTION_MAP (app), entries, G_N_ELEMENTS (entries), app);
  gtk_application_set_accels_for_action (GTK_APPLICATION (app), "app.quit", quit_accels);
  gtk_application_set_accels_for_action (GTK_APPLICATION (app), "app.new-survey", new_accels);

  /* Benchmarks keep a warm instance that outlives its windows. */
  if (g_getenv ("MIGUI_SURVEY_STAY") != NULL)
    g_application_hold (app);
}

static void
survey_application_finalize (GObject *object)
{
  SurveyApplication *self = SURVEY_APPLICATION (object);

  g_free (self->origin_id);
  g_free (self->origin_name);
  g_free (self->target);
  g_ptr_array_unref (self->agenda);
  g_ptr_array_unref (self->transcript);

  G_OBJECT_CLASS (survey_application_parent_class)->finalize (object);
}

static void
survey_application_class_init (SurveyApplicationClass *klass)
{
  GApplicationClass *app_class = G_APPLICATION_CLASS (klass);
  MigApplicationClass *mig_class = MIG_APPLICATION_CLASS (klass);

  G_OBJECT_CLASS (klass)->finalize = survey_application_finalize;
  app_class->activate = survey_application_activate;
  app_class->startup = survey_application_startup;
  mig_class->save_state = survey_application_save_state;
  mig_class->restore_state = survey_application_restore_state;

  /* The suitcase changed: windows show it again. */
  signals[SIGNAL_CHANGED] = g_signal_new ("changed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                                          0, NULL, NULL, NULL, G_TYPE_NONE, 0);
  /* Something the user must read, for a toast. */
  signals[SIGNAL_MESSAGE] = g_signal_new ("message", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                                          0, NULL, NULL, NULL, G_TYPE_NONE, 1, G_TYPE_STRING);
}

static void
survey_application_init (SurveyApplication *self)
{
  self->agenda = g_ptr_array_new_with_free_func (survey_stop_free);
  self->transcript = g_ptr_array_new_with_free_func (g_free);

  mig_application_register_window_type (MIG_APPLICATION (self), SURVEY_TYPE_COMMENTS_FORM);
  mig_application_register_window_type (MIG_APPLICATION (self), SURVEY_TYPE_FORM);
  mig_application_register_window_type (MIG_APPLICATION (self), SURVEY_TYPE_TRANSCRIPT);
}

SurveyApplication *
survey_application_new (void)
{
  return g_object_new (SURVEY_TYPE_APPLICATION,
                       "application-id", "org.migui.SurveyAgent",
                       "flags", G_APPLICATION_HANDLES_OPEN,
                       "app-version", PACKAGE_VERSION,
                       "resource-base-path", "/org/migui/SurveyAgent",
                       NULL);
}
