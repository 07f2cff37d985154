/*
 * Copyright 2026 The libmigui authors
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#define G_LOG_DOMAIN "migui"

#include "config.h"

#include <glib/gi18n-lib.h>

#include "mig-application-private.h"
#include "mig-form-window-private.h"

/**
 * MigFormWindow:
 *
 * The window a form sent on its own lives in on another device (see
 * [method@Mig.Application.send_form_async]).
 *
 * The application does not make these windows: it registers the form
 * types that may travel ([method@Mig.Application.register_form_type]),
 * and when a form arrives, a `MigFormWindow` holds a new form of its type,
 * kept in sync with its home by a [class@Mig.FormSync].  Its title says
 * whose form it is.  When the home ends the synchronisation (the form was
 * brought back, or the home application quit), the window says why and
 * offers to close.
 */

struct _MigFormWindow
{
  MigWindow    parent_instance;

  GtkBox         *box;       /* the header bar, then the content */
  GtkWidget      *content;
  AdwWindowTitle *title;
  GtkWidget      *edit_button;
  MigForm        *form;      /* weak: its scrolled window holds it */
  MigFormSync    *sync;
  char           *form_type;
};

G_DEFINE_FINAL_TYPE (MigFormWindow, mig_form_window, MIG_TYPE_WINDOW)

static void
mig_form_window_save_state (MigWindow    *window,
                            GVariantDict *dict)
{
  MigFormWindow *self = MIG_FORM_WINDOW (window);

  if (self->form_type != NULL)
    g_variant_dict_insert (dict, "form-type", "s", self->form_type);
}

static void
mig_form_window_restore_state (MigWindow *window,
                               GVariant  *state)
{
  MigFormWindow *self = MIG_FORM_WINDOW (window);
  g_autoptr(GVariantDict) dict = g_variant_dict_new (state);
  const char *type_name = NULL;
  GtkApplication *app = gtk_window_get_application (GTK_WINDOW (self));
  GType type;

  if (!g_variant_dict_lookup (dict, "form-type", "&s", &type_name) || !MIG_IS_APPLICATION (app))
    return;
  type = mig_application_lookup_form_type (MIG_APPLICATION (app), type_name);
  if (type == G_TYPE_INVALID)
    {
      mig_form_window_show_ended (self, _("This application does not take forms of that kind."));
      return;
    }
  mig_form_window_set_form (self, MIG_FORM (g_object_new (type, NULL)));
}

static void
set_content (MigFormWindow *self,
             GtkWidget     *content)
{
  if (self->content != NULL)
    gtk_box_remove (self->box, self->content);
  self->content = content;
  gtk_widget_set_vexpand (content, TRUE);
  gtk_box_append (self->box, content);
}

static void
mig_form_window_dispose (GObject *object)
{
  MigFormWindow *self = MIG_FORM_WINDOW (object);

  if (self->sync != NULL)
    {
      g_signal_handlers_disconnect_by_data (self->sync, self);
      mig_form_sync_close (self->sync, NULL);
    }
  g_clear_object (&self->sync);
  g_clear_weak_pointer (&self->form);
  G_OBJECT_CLASS (mig_form_window_parent_class)->dispose (object);
}

static void
mig_form_window_finalize (GObject *object)
{
  MigFormWindow *self = MIG_FORM_WINDOW (object);

  g_free (self->form_type);
  G_OBJECT_CLASS (mig_form_window_parent_class)->finalize (object);
}

static void
mig_form_window_class_init (MigFormWindowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  MigWindowClass *window_class = MIG_WINDOW_CLASS (klass);

  object_class->dispose = mig_form_window_dispose;
  object_class->finalize = mig_form_window_finalize;
  window_class->save_state = mig_form_window_save_state;
  window_class->restore_state = mig_form_window_restore_state;
}

static void
edit_clicked_cb (MigFormWindow *self)
{
  if (self->sync != NULL)
    mig_form_sync_request_edit (self->sync);
}

/* In exclusive mode, a copy that may edit but does not now can ask to. */
static void
update_edit_button (MigFormWindow *self)
{
  MigFormSync *sync = self->sync;

  gtk_widget_set_visible (self->edit_button,
                          sync != NULL && mig_form_sync_get_synced (sync) && !mig_form_sync_get_watcher (sync) &&
                          mig_form_sync_get_mode (sync) == MIG_FORM_SYNC_EXCLUSIVE &&
                          mig_form_sync_get_read_only (sync));
}

static void
mig_form_window_init (MigFormWindow *self)
{
  GtkWidget *header = adw_header_bar_new ();
  GtkWidget *overlay = adw_toast_overlay_new ();

  /* A box, not an AdwToolbarView: libadwaita 1.2 has none. */
  self->box = GTK_BOX (gtk_box_new (GTK_ORIENTATION_VERTICAL, 0));
  self->title = ADW_WINDOW_TITLE (adw_window_title_new (_("Form"), NULL));
  adw_header_bar_set_title_widget (ADW_HEADER_BAR (header), GTK_WIDGET (self->title));
  self->edit_button = gtk_button_new_with_mnemonic (_("_Edit Here"));
  gtk_widget_set_tooltip_text (self->edit_button, _("Ask the form’s home to let this device edit it"));
  gtk_widget_set_visible (self->edit_button, FALSE);
  g_signal_connect_swapped (self->edit_button, "clicked", G_CALLBACK (edit_clicked_cb), self);
  adw_header_bar_pack_start (ADW_HEADER_BAR (header), self->edit_button);
  gtk_box_append (self->box, header);
  adw_toast_overlay_set_child (ADW_TOAST_OVERLAY (overlay), GTK_WIDGET (self->box));
  adw_application_window_set_content (ADW_APPLICATION_WINDOW (self), overlay);
  gtk_window_set_default_size (GTK_WINDOW (self), 480, 600);
}

/* The form, in a scrolled window: it may be bigger than this screen. */
void
mig_form_window_set_form (MigFormWindow *self,
                          MigForm       *form)
{
  GtkWidget *scrolled = gtk_scrolled_window_new ();

  g_clear_pointer (&self->form_type, g_free);
  g_set_weak_pointer (&self->form, form);
  self->form_type = g_strdup (G_OBJECT_TYPE_NAME (form));
  gtk_scrolled_window_set_child (GTK_SCROLLED_WINDOW (scrolled), GTK_WIDGET (form));
  gtk_scrolled_window_set_policy (GTK_SCROLLED_WINDOW (scrolled), GTK_POLICY_NEVER, GTK_POLICY_AUTOMATIC);
  set_content (self, scrolled);
}

void
mig_form_window_set_titles (MigFormWindow *self,
                            const char    *title,
                            const char    *subtitle)
{
  adw_window_title_set_title (self->title, title);
  adw_window_title_set_subtitle (self->title, subtitle != NULL ? subtitle : "");
  gtk_window_set_title (GTK_WINDOW (self), title);
}

static void
close_clicked_cb (GtkButton     *button,
                  MigFormWindow *self)
{
  gtk_window_close (GTK_WINDOW (self));
}

/* The form is no longer kept in sync: the window says why, and offers to
 * close.  Its state is not saved any more. */
void
mig_form_window_show_ended (MigFormWindow *self,
                            const char    *reason)
{
  GtkWidget *page = adw_status_page_new ();
  GtkWidget *button = gtk_button_new_with_mnemonic (_("_Close"));

  adw_status_page_set_icon_name (ADW_STATUS_PAGE (page), "network-offline-symbolic");
  adw_status_page_set_title (ADW_STATUS_PAGE (page), _("No Longer Shared"));
  adw_status_page_set_description (ADW_STATUS_PAGE (page), reason);
  gtk_widget_set_halign (button, GTK_ALIGN_CENTER);
  gtk_widget_add_css_class (button, "pill");
  g_signal_connect (button, "clicked", G_CALLBACK (close_clicked_cb), self);
  adw_status_page_set_child (ADW_STATUS_PAGE (page), button);
  g_clear_weak_pointer (&self->form);
  set_content (self, page);
  g_clear_pointer (&self->form_type, g_free);
  gtk_widget_grab_focus (button);
  gtk_widget_set_visible (self->edit_button, FALSE);
}

static void
sync_closed_cb (MigFormSync   *sync,
                GError        *error,
                MigFormWindow *self)
{
  mig_form_window_show_ended (self, error != NULL ? error->message
                                                  : _("The form’s home ended the sharing."));
}

void
mig_form_window_set_sync (MigFormWindow *self,
                          MigFormSync   *sync)
{
  g_set_object (&self->sync, sync);
  g_signal_connect (sync, "closed", G_CALLBACK (sync_closed_cb), self);
  g_signal_connect_swapped (sync, "notify::read-only", G_CALLBACK (update_edit_button), self);
  g_signal_connect_swapped (sync, "notify::synced", G_CALLBACK (update_edit_button), self);
  update_edit_button (self);
}

/**
 * mig_form_window_get_form:
 * @self: a `MigFormWindow`
 *
 * Returns: (transfer none) (nullable): the form, until its sharing ends
 */
MigForm *
mig_form_window_get_form (MigFormWindow *self)
{
  g_return_val_if_fail (MIG_IS_FORM_WINDOW (self), NULL);
  return self->form;
}

/**
 * mig_form_window_get_sync:
 * @self: a `MigFormWindow`
 *
 * Returns: (transfer none) (nullable): what keeps the form in sync with
 *   its home
 */
MigFormSync *
mig_form_window_get_sync (MigFormWindow *self)
{
  g_return_val_if_fail (MIG_IS_FORM_WINDOW (self), NULL);
  return self->sync;
}
