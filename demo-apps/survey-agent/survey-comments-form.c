/*
 * Copyright 2026 The libmigui authors
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#define G_LOG_DOMAIN "survey-agent"

#include <glib/gi18n.h>

#include "survey-application.h"
#include "survey-comments-form.h"
#include "survey-form.h"
#include "survey-suggest-form.h"

/* The paper's CommentsForm: who answers, their comments, "Suggest Someone"
 * to extend the agenda, and "Done" to send the agent on. */
struct _SurveyCommentsForm
{
  MigWindow parent_instance;

  AdwWindowTitle *window_title;
  AdwToastOverlay *toasts;
  GtkLabel *status;
  GtkWidget *name_box;
  GtkEntry *name;
  GtkTextView *comments;
  GtkBox *buttons;
  GtkWidget *done_button;
  SurveySuggestForm *suggest_form;

  SurveyApplication *app;       /* the agent this window has joined */
  gulong can_target_id;
};

G_DEFINE_FINAL_TYPE (SurveyCommentsForm, survey_comments_form, MIG_TYPE_WINDOW)

static void
reset_comments (SurveyCommentsForm *self)
{
  gtk_text_buffer_set_text (gtk_text_view_get_buffer (self->comments), _("Please Type Your Comments Here"), -1);
}

static void
update (SurveyCommentsForm *self)
{
  SurveyApplication *app = self->app;

  if (app == NULL)
    return;
  guint visits = survey_application_get_visits (app);
  SurveyStage stage = survey_application_get_stage (app);
  g_autofree char *status = NULL;

  survey_application_show_device (GTK_WINDOW (self), self->window_title);
  if (stage == SURVEY_STAGE_NEW)
    status = g_strdup (_("New survey: add at least one person and their device with “Suggest Someone”, "
                         "then click Done to send it on its way."));
  else if (stage == SURVEY_STAGE_HOME && !survey_application_can_go_on (app))
    status = g_strdup_printf (g_dngettext (NULL, "The survey is back home with %u answer.",
                                           "The survey is back home with %u answers.", visits), visits);
  else
    /* TRANSLATORS: "Survey from Device A — 2 answers so far" */
    status = g_strdup_printf (g_dngettext (NULL, "Survey from %s — %u answer so far",
                                           "Survey from %s — %u answers so far", visits),
                              survey_application_get_origin_name (app), visits);
  gtk_label_set_label (self->status, status);
  gtk_widget_set_visible (self->name_box, stage == SURVEY_STAGE_AWAY);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.done", survey_application_can_go_on (app));
}

static SurveyForm *
find_survey_form (SurveyCommentsForm *self)
{
  for (GList *l = gtk_application_get_windows (GTK_APPLICATION (self->app)); l != NULL; l = l->next)
    if (SURVEY_IS_FORM (l->data))
      return l->data;
  return NULL;
}

static void
done_activated (GtkWidget  *widget,
                const char *action_name,
                GVariant   *parameter)
{
  SurveyCommentsForm *self = SURVEY_COMMENTS_FORM (widget);
  SurveyForm *form = find_survey_form (self);
  GtkTextBuffer *buffer = gtk_text_view_get_buffer (self->comments);
  GtkTextIter start, end;
  g_autofree char *comments = NULL;
  g_autofree char *choice = NULL;
  g_autofree char *answer = NULL;

  if (!survey_application_can_go_on (self->app))
    return;
  gtk_text_buffer_get_bounds (buffer, &start, &end);
  comments = gtk_text_buffer_get_text (buffer, &start, &end, FALSE);
  choice = g_strdup (form != NULL ? survey_form_get_choice (form) : "");
  answer = g_strdup (form != NULL ? survey_form_get_answer (form) : "");

  /* Reset before the agent leaves, so the next user starts afresh. */
  if (survey_application_get_stage (self->app) == SURVEY_STAGE_AWAY)
    {
      reset_comments (self);
      if (form != NULL)
        survey_form_reset (form);
    }
  survey_application_done (self->app, gtk_editable_get_text (GTK_EDITABLE (self->name)), comments, choice, answer);
}

static void
message_cb (SurveyCommentsForm *self,
            const char         *message)
{
  adw_toast_overlay_add_toast (self->toasts, adw_toast_new (message));
}

static void
after_paint_cb (GdkFrameClock      *clock,
                SurveyCommentsForm *self)
{
  g_debug ("hop: shown at %" G_GINT64_FORMAT " µs", g_get_monotonic_time ());
  g_signal_handlers_disconnect_by_func (clock, after_paint_cb, self);
}

static void
can_target_cb (GtkWidget          *content,
               GParamSpec         *pspec,
               SurveyCommentsForm *self)
{
  if (gtk_widget_get_can_target (content))
    {
      g_debug ("hop: live at %" G_GINT64_FORMAT " µs", g_get_monotonic_time ());
      g_clear_signal_handler (&self->can_target_id, content);
    }
}

static void
survey_comments_form_post_migrate (MigWindow        *window,
                                   MigRestoreReason  reason)
{
  SurveyCommentsForm *self = SURVEY_COMMENTS_FORM (window);
  GtkWidget *content = adw_application_window_get_content (ADW_APPLICATION_WINDOW (self));
  const char *real_name;
  GdkFrameClock *clock;
  g_autofree char *greeting = NULL;
  guint visits;

  if (reason != MIG_RESTORE_REASON_MIGRATE)
    return;

  /* Frame-exact figures for bench-survey.sh: first paint, then going live. */
  clock = gtk_widget_get_frame_clock (GTK_WIDGET (self));
  if (clock != NULL)
    g_signal_connect (clock, "after-paint", G_CALLBACK (after_paint_cb), self);
  /* The windows are made inert after this, until the sender commits. */
  if (content != NULL && self->can_target_id == 0)
    self->can_target_id = g_signal_connect (content, "notify::can-target", G_CALLBACK (can_target_cb), self);

  survey_application_arrived (self->app);
  if (survey_application_get_stage (self->app) != SURVEY_STAGE_AWAY)
    {
      message_cb (self, _("The survey is back home: read the transcript"));
      return;
    }

  /* A new user: the briefing says who is at this device. */
  real_name = mig_application_lookup_briefing (MIG_APPLICATION (self->app), "real-name");
  if (real_name == NULL || *real_name == '\0' || g_strcmp0 (real_name, "Unknown") == 0)
    real_name = survey_application_get_person_here (self->app);
  gtk_editable_set_text (GTK_EDITABLE (self->name), real_name != NULL ? real_name : "");

  visits = survey_application_get_visits (self->app);
  greeting = g_strdup_printf (g_dngettext (NULL, "Survey from %s — %u answer so far",
                                           "Survey from %s — %u answers so far", visits),
                              survey_application_get_origin_name (self->app), visits);
  g_debug ("greeting: %s", greeting);
  message_cb (self, greeting);
}

static void
survey_comments_form_adapt (MigWindow        *window,
                            MigDeviceProfile *profile)
{
  SurveyCommentsForm *self = SURVEY_COMMENTS_FORM (window);
  gboolean narrow = mig_device_profile_get_width (profile) < 600;

  /* One column on a phone: the buttons stack. */
  gtk_orientable_set_orientation (GTK_ORIENTABLE (self->buttons),
                                  narrow ? GTK_ORIENTATION_VERTICAL : GTK_ORIENTATION_HORIZONTAL);
  gtk_orientable_set_orientation (GTK_ORIENTABLE (self->name_box),
                                  narrow ? GTK_ORIENTATION_VERTICAL : GTK_ORIENTATION_HORIZONTAL);
}

/* Windows may be built before they join the agent (libmigui keeps spare
 * windows for fast arrivals): connect to it once they do. */
static void
application_cb (SurveyCommentsForm *self)
{
  GtkApplication *app = gtk_window_get_application (GTK_WINDOW (self));

  if (app == NULL || self->app != NULL)
    return;
  self->app = SURVEY_APPLICATION (app);
  g_signal_connect_object (app, "changed", G_CALLBACK (update), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (app, "message", G_CALLBACK (message_cb), self, G_CONNECT_SWAPPED);
  survey_suggest_form_set_application (self->suggest_form, self->app);
  update (self);
}

static void
survey_comments_form_dispose (GObject *object)
{
  gtk_widget_dispose_template (GTK_WIDGET (object), SURVEY_TYPE_COMMENTS_FORM);

  G_OBJECT_CLASS (survey_comments_form_parent_class)->dispose (object);
}

static void
survey_comments_form_class_init (SurveyCommentsFormClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);
  MigWindowClass *window_class = MIG_WINDOW_CLASS (klass);

  object_class->dispose = survey_comments_form_dispose;
  window_class->post_migrate = survey_comments_form_post_migrate;
  window_class->adapt = survey_comments_form_adapt;

  g_type_ensure (SURVEY_TYPE_SUGGEST_FORM);
  gtk_widget_class_set_template_from_resource (widget_class, "/org/migui/SurveyAgent/survey-comments-form.ui");
  gtk_widget_class_bind_template_child (widget_class, SurveyCommentsForm, window_title);
  gtk_widget_class_bind_template_child (widget_class, SurveyCommentsForm, toasts);
  gtk_widget_class_bind_template_child (widget_class, SurveyCommentsForm, status);
  gtk_widget_class_bind_template_child (widget_class, SurveyCommentsForm, name_box);
  gtk_widget_class_bind_template_child (widget_class, SurveyCommentsForm, name);
  gtk_widget_class_bind_template_child (widget_class, SurveyCommentsForm, comments);
  gtk_widget_class_bind_template_child (widget_class, SurveyCommentsForm, buttons);
  gtk_widget_class_bind_template_child (widget_class, SurveyCommentsForm, done_button);
  gtk_widget_class_bind_template_child (widget_class, SurveyCommentsForm, suggest_form);
  gtk_widget_class_install_action (widget_class, "win.done", NULL, done_activated);
}

static void
survey_comments_form_init (SurveyCommentsForm *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  reset_comments (self);
  g_signal_connect (self, "notify::application", G_CALLBACK (application_cb), NULL);
}
