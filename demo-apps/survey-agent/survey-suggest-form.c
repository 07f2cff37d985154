/*
 * Copyright 2026 The libmigui authors
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#define G_LOG_DOMAIN "survey-agent"

#include <glib/gi18n.h>

#include "survey-suggest-form.h"

/* The paper's SuggestForm: a popup on the comments form where the user
 * names someone and their device; Add appends them to the agenda.  Devices
 * come from discovery, or are typed as host:port. */
struct _SurveySuggestForm
{
  GtkPopover parent_instance;

  GtkEntry *person;
  GtkEntry *host;
  GtkListBox *devices;
  GtkListBox *agenda;

  SurveyApplication *app;
  gulong changed_id;
};

G_DEFINE_FINAL_TYPE (SurveySuggestForm, survey_suggest_form, GTK_TYPE_POPOVER)

static GtkWidget *
create_device_row (gpointer item,
                   gpointer user_data)
{
  MigPeer *peer = item;
  GtkWidget *label = gtk_label_new (mig_peer_get_name (peer));

  gtk_label_set_xalign (GTK_LABEL (label), 0);
  gtk_widget_set_margin_top (label, 6);
  gtk_widget_set_margin_bottom (label, 6);
  gtk_widget_set_margin_start (label, 6);
  gtk_widget_set_margin_end (label, 6);
  g_object_set_data_full (G_OBJECT (label), "survey-peer-name", g_strdup (mig_peer_get_name (peer)), g_free);
  return label;
}

static void
device_activated_cb (GtkListBox        *box,
                     GtkListBoxRow     *row,
                     SurveySuggestForm *self)
{
  const char *name = g_object_get_data (G_OBJECT (gtk_list_box_row_get_child (row)), "survey-peer-name");

  gtk_editable_set_text (GTK_EDITABLE (self->host), name);
}

static void
update_agenda (SurveySuggestForm *self)
{
  guint n = survey_application_get_n_stops (self->app);
  guint next = survey_application_get_next_stop (self->app);
  GtkWidget *child;

  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self->agenda))) != NULL)
    gtk_list_box_remove (self->agenda, child);
  for (guint i = 0; i < n; i++)
    {
      const char *person, *host;
      g_autofree char *text = NULL;
      GtkWidget *label;

      survey_application_get_stop (self->app, i, &person, &host);
      /* TRANSLATORS: an agenda entry, "Bob on Device B"; visited ones are marked */
      text = i < next ? g_strdup_printf (_("✓ %s on %s"), person, host) : g_strdup_printf (_("%s on %s"), person, host);
      label = gtk_label_new (text);
      gtk_label_set_xalign (GTK_LABEL (label), 0);
      gtk_widget_set_margin_top (label, 6);
      gtk_widget_set_margin_bottom (label, 6);
      gtk_widget_set_margin_start (label, 6);
      gtk_widget_set_margin_end (label, 6);
      gtk_list_box_append (self->agenda, label);
    }
  gtk_widget_set_visible (gtk_widget_get_ancestor (GTK_WIDGET (self->agenda), GTK_TYPE_SCROLLED_WINDOW), n > 0);
}

static void
add_activated (GtkWidget  *widget,
               const char *action_name,
               GVariant   *parameter)
{
  SurveySuggestForm *self = SURVEY_SUGGEST_FORM (widget);
  g_autofree char *person = g_strstrip (g_strdup (gtk_editable_get_text (GTK_EDITABLE (self->person))));
  g_autofree char *host = g_strstrip (g_strdup (gtk_editable_get_text (GTK_EDITABLE (self->host))));

  if (*person == '\0' || *host == '\0')
    {
      if (*person == '\0')
        gtk_widget_error_bell (widget);
      gtk_widget_grab_focus (GTK_WIDGET (*person == '\0' ? self->person : self->host));
      return;
    }
  survey_application_add_stop (self->app, person, host);
  gtk_editable_set_text (GTK_EDITABLE (self->person), "");
  gtk_editable_set_text (GTK_EDITABLE (self->host), "");
  gtk_widget_grab_focus (GTK_WIDGET (self->person));
}

/* Enter in either entry adds, or moves on to the entry still empty. */
static void
entry_activate_cb (SurveySuggestForm *self)
{
  gtk_widget_activate_action (GTK_WIDGET (self), "suggest.add", NULL);
}

void
survey_suggest_form_set_application (SurveySuggestForm *self,
                                     SurveyApplication *app)
{
  g_return_if_fail (SURVEY_IS_SUGGEST_FORM (self));
  g_return_if_fail (SURVEY_IS_APPLICATION (app));
  g_return_if_fail (self->app == NULL);

  self->app = g_object_ref (app);
  self->changed_id = g_signal_connect_swapped (app, "changed", G_CALLBACK (update_agenda), self);
  gtk_list_box_bind_model (self->devices, mig_application_get_peers (MIG_APPLICATION (app)),
                           create_device_row, NULL, NULL);
  update_agenda (self);
}

static void
survey_suggest_form_dispose (GObject *object)
{
  SurveySuggestForm *self = SURVEY_SUGGEST_FORM (object);

  if (self->app != NULL)
    {
      g_clear_signal_handler (&self->changed_id, self->app);
      g_clear_object (&self->app);
    }
  gtk_widget_dispose_template (GTK_WIDGET (object), SURVEY_TYPE_SUGGEST_FORM);

  G_OBJECT_CLASS (survey_suggest_form_parent_class)->dispose (object);
}

static void
survey_suggest_form_class_init (SurveySuggestFormClass *klass)
{
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  G_OBJECT_CLASS (klass)->dispose = survey_suggest_form_dispose;

  gtk_widget_class_set_template_from_resource (widget_class, "/org/migui/SurveyAgent/survey-suggest-form.ui");
  gtk_widget_class_bind_template_child (widget_class, SurveySuggestForm, person);
  gtk_widget_class_bind_template_child (widget_class, SurveySuggestForm, host);
  gtk_widget_class_bind_template_child (widget_class, SurveySuggestForm, devices);
  gtk_widget_class_bind_template_child (widget_class, SurveySuggestForm, agenda);
  gtk_widget_class_bind_template_callback (widget_class, device_activated_cb);
  gtk_widget_class_bind_template_callback (widget_class, entry_activate_cb);
  gtk_widget_class_install_action (widget_class, "suggest.add", NULL, add_activated);
}

static void
survey_suggest_form_init (SurveySuggestForm *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
}
