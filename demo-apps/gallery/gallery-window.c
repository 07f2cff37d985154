/*
 * Copyright 2026 The libmigui authors
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#include <signal.h>

#include <glib/gi18n.h>

#include "gallery-contact-form.h"
#include "gallery-notes-window.h"
#include "gallery-window.h"

/* One window with every widget libmigui continues, for people to try and for
 * the tests to use as a real application. */
struct _GalleryWindow
{
  MigWindow parent_instance;

  AdwToastOverlay *toasts;
  GtkListBox *listbox;
  GtkListView *listview;
  GtkGridView *gridview;
  AdwTabView *tab_view;
  GtkLabel *scrolled_text;
#if !GTK_CHECK_VERSION(4, 10, 0)
  GtkFileChooserNative *chooser;
#endif
};

G_DEFINE_FINAL_TYPE (GalleryWindow, gallery_window, MIG_TYPE_WINDOW)

static void
setup_label (GtkSignalListItemFactory *factory,
             GtkListItem              *item)
{
  gtk_list_item_set_child (item, gtk_label_new (NULL));
}

static void
bind_label (GtkSignalListItemFactory *factory,
            GtkListItem              *item)
{
  GtkStringObject *string = gtk_list_item_get_item (item);

  gtk_label_set_label (GTK_LABEL (gtk_list_item_get_child (item)), gtk_string_object_get_string (string));
}

static GListModel *
numbered_items (guint n)
{
  GtkStringList *list = gtk_string_list_new (NULL);

  for (guint i = 1; i <= n; i++)
    {
      /* Translators: an item of a demo list; %u is its number. */
      g_autofree char *label = g_strdup_printf (_("Item %u"), i);
      gtk_string_list_append (list, label);
    }
  return G_LIST_MODEL (list);
}

static GtkListItemFactory *
label_factory (void)
{
  GtkListItemFactory *factory = gtk_signal_list_item_factory_new ();

  g_signal_connect (factory, "setup", G_CALLBACK (setup_label), NULL);
  g_signal_connect (factory, "bind", G_CALLBACK (bind_label), NULL);
  return factory;
}

static void
show_toast (GalleryWindow *self,
            const char    *message)
{
  adw_toast_overlay_add_toast (self->toasts, adw_toast_new (message));
}

static void
save_to (GalleryWindow *self,
         GFile         *file)
{
  g_autoptr(GError) error = NULL;
  GtkApplication *app = gtk_window_get_application (GTK_WINDOW (self));

  if (mig_application_save_to_file (MIG_APPLICATION (app), file, &error))
    {
      g_autofree char *name = g_file_get_basename (file);
      /* Translators: %s is a file name. */
      g_autofree char *message = g_strdup_printf (_("Saved to “%s”"), name);
      show_toast (self, message);
    }
  else
    {
      show_toast (self, error->message);
    }
}

static void
resume_from (GalleryWindow *self,
             GFile         *file)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(MigFormTree) tree = NULL;
  g_autoptr(GalleryWindow) keep = g_object_ref (self);
  GtkApplication *app = gtk_window_get_application (GTK_WINDOW (self));
  g_autoptr(GList) previous = g_list_copy (gtk_application_get_windows (app));

  tree = mig_form_tree_new_from_file (file, &error);
  if (tree != NULL && mig_application_restore (MIG_APPLICATION (app), tree, MIG_RESTORE_REASON_FILE, &error))
    {
      /* The file holds the whole application: it replaces what was open. */
      for (GList *l = previous; l != NULL; l = l->next)
        gtk_window_destroy (l->data);
    }
  else
    {
      show_toast (self, error->message);
    }
}

static GtkFileFilter *
state_filter (void)
{
  GtkFileFilter *filter = gtk_file_filter_new ();

  gtk_file_filter_set_name (filter, _("Application states"));
  gtk_file_filter_add_mime_type (filter, "application/x-migui-state");
  gtk_file_filter_add_suffix (filter, "migui");
  return filter;
}

#if GTK_CHECK_VERSION(4, 10, 0)

/* GtkFileDialog (GTK 4.10 and later). */
static void
file_chosen_cb (GObject      *source,
                GAsyncResult *result,
                gpointer      user_data)
{
  g_autoptr(GalleryWindow) self = user_data;
  GtkFileDialog *dialog = GTK_FILE_DIALOG (source);
  gboolean save = GPOINTER_TO_INT (g_object_get_data (source, "gallery-save"));
  g_autoptr(GFile) file = save ? gtk_file_dialog_save_finish (dialog, result, NULL)
                               : gtk_file_dialog_open_finish (dialog, result, NULL);

  if (file == NULL) /* cancelled, or dismissed */
    return;
  if (save)
    save_to (self, file);
  else
    resume_from (self, file);
}

static void
choose_file (GalleryWindow *self,
             gboolean       save)
{
  g_autoptr(GtkFileDialog) dialog = gtk_file_dialog_new ();
  g_autoptr(GtkFileFilter) filter = state_filter ();
  g_autoptr(GListStore) filters = g_list_store_new (GTK_TYPE_FILE_FILTER);

  g_list_store_append (filters, filter);
  gtk_file_dialog_set_filters (dialog, G_LIST_MODEL (filters));
  gtk_file_dialog_set_default_filter (dialog, filter);
  gtk_file_dialog_set_title (dialog, save ? _("Save to File") : _("Resume from File"));
  gtk_file_dialog_set_accept_label (dialog, save ? _("_Save") : _("_Resume"));
  g_object_set_data (G_OBJECT (dialog), "gallery-save", GINT_TO_POINTER (save));
  if (save)
    {
      gtk_file_dialog_set_initial_name (dialog, _("Gallery.migui"));
      gtk_file_dialog_save (dialog, GTK_WINDOW (self), NULL, file_chosen_cb, g_object_ref (self));
    }
  else
    {
      gtk_file_dialog_open (dialog, GTK_WINDOW (self), NULL, file_chosen_cb, g_object_ref (self));
    }
}

#else

/* GtkFileChooserNative, before GTK 4.10. */
static void
chooser_response_cb (GtkNativeDialog *chooser,
                     int              response,
                     GalleryWindow   *self)
{
  if (response == GTK_RESPONSE_ACCEPT)
    {
      g_autoptr(GFile) file = gtk_file_chooser_get_file (GTK_FILE_CHOOSER (chooser));

      if (gtk_file_chooser_get_action (GTK_FILE_CHOOSER (chooser)) == GTK_FILE_CHOOSER_ACTION_SAVE)
        save_to (self, file);
      else
        resume_from (self, file);
    }
  g_clear_object (&self->chooser);
}

static void
choose_file (GalleryWindow *self,
             gboolean       save)
{
  g_autoptr(GtkFileFilter) filter = state_filter ();

  g_clear_object (&self->chooser);
  self->chooser = gtk_file_chooser_native_new (save ? _("Save to File") : _("Resume from File"),
                                               GTK_WINDOW (self),
                                               save ? GTK_FILE_CHOOSER_ACTION_SAVE : GTK_FILE_CHOOSER_ACTION_OPEN,
                                               save ? _("_Save") : _("_Resume"), _("_Cancel"));
  gtk_file_chooser_add_filter (GTK_FILE_CHOOSER (self->chooser), filter);
  if (save)
    gtk_file_chooser_set_current_name (GTK_FILE_CHOOSER (self->chooser), _("Gallery.migui"));
  g_signal_connect (self->chooser, "response", G_CALLBACK (chooser_response_cb), self);
  gtk_native_dialog_show (GTK_NATIVE_DIALOG (self->chooser));
}

#endif

static void
save_to_file_activated (GtkWidget  *widget,
                        const char *action_name,
                        GVariant   *parameter)
{
  choose_file (GALLERY_WINDOW (widget), TRUE);
}

static void
resume_from_file_activated (GtkWidget  *widget,
                            const char *action_name,
                            GVariant   *parameter)
{
  choose_file (GALLERY_WINDOW (widget), FALSE);
}

static void
open_notes_activated (GtkWidget  *widget,
                      const char *action_name,
                      GVariant   *parameter)
{
  GtkWindow *notes = g_object_new (GALLERY_TYPE_NOTES_WINDOW,
                                   "application", gtk_window_get_application (GTK_WINDOW (widget)),
                                   "transient-for", widget,
                                   NULL);
  gtk_window_present (notes);
}

static void
gallery_window_dispose (GObject *object)
{
#if !GTK_CHECK_VERSION(4, 10, 0)
  g_clear_object (&GALLERY_WINDOW (object)->chooser);
#endif
  gtk_widget_dispose_template (GTK_WIDGET (object), GALLERY_TYPE_WINDOW);

  G_OBJECT_CLASS (gallery_window_parent_class)->dispose (object);
}

/* The briefing of the device the gallery arrives on, as the paper's agent
 * greets the local user by name. */
static void
gallery_window_post_migrate (MigWindow        *window,
                             MigRestoreReason  reason)
{
  GalleryWindow *self = GALLERY_WINDOW (window);
  MigApplication *app = MIG_APPLICATION (gtk_window_get_application (GTK_WINDOW (window)));
  const char *device, *user;
  g_autofree char *message = NULL;

  if (reason != MIG_RESTORE_REASON_MIGRATE && reason != MIG_RESTORE_REASON_CLONE)
    return;

  /* For the test bed: a crash at the worst moment, half restored. */
  if (g_getenv ("MIGUI_GALLERY_CRASH_ON_ARRIVAL") != NULL)
    raise (SIGKILL);

  device = app != NULL ? mig_application_lookup_briefing (app, "device-name") : NULL;
  user = app != NULL ? mig_application_lookup_briefing (app, "real-name") : NULL;
  if (device == NULL)
    return;
  g_message ("Arrived on %s for %s (locale %s, time zone %s)", device, user != NULL ? user : "?",
             mig_application_lookup_briefing (app, "locale"), mig_application_lookup_briefing (app, "time-zone"));
  /* Translators: "Arrived on Laptop — welcome, Ada" */
  message = g_strdup_printf (_("Arrived on %s — welcome, %s"), device, user != NULL ? user : "");
  show_toast (self, message);
}

static void
gallery_window_class_init (GalleryWindowClass *klass)
{
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  G_OBJECT_CLASS (klass)->dispose = gallery_window_dispose;
  MIG_WINDOW_CLASS (klass)->post_migrate = gallery_window_post_migrate;

  g_type_ensure (GALLERY_TYPE_CONTACT_FORM);
  gtk_widget_class_set_template_from_resource (widget_class, "/org/migui/Gallery/gallery-window.ui");
  gtk_widget_class_bind_template_child (widget_class, GalleryWindow, toasts);
  gtk_widget_class_bind_template_child (widget_class, GalleryWindow, listbox);
  gtk_widget_class_bind_template_child (widget_class, GalleryWindow, listview);
  gtk_widget_class_bind_template_child (widget_class, GalleryWindow, gridview);
  gtk_widget_class_bind_template_child (widget_class, GalleryWindow, tab_view);
  gtk_widget_class_bind_template_child (widget_class, GalleryWindow, scrolled_text);

  gtk_widget_class_install_action (widget_class, "win.save-to-file", NULL, save_to_file_activated);
  gtk_widget_class_install_action (widget_class, "win.resume-from-file", NULL, resume_from_file_activated);
  gtk_widget_class_install_action (widget_class, "win.open-notes", NULL, open_notes_activated);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_s, GDK_CONTROL_MASK, "win.save-to-file", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_o, GDK_CONTROL_MASK, "win.resume-from-file", NULL);
}

static void
gallery_window_init (GalleryWindow *self)
{
  g_autoptr(GString) long_text = g_string_new (NULL);
  g_autoptr(GtkSelectionModel) list_model = NULL;
  g_autoptr(GtkSelectionModel) grid_model = NULL;
  g_autoptr(GtkListItemFactory) list_factory = NULL;
  g_autoptr(GtkListItemFactory) grid_factory = NULL;

  gtk_widget_init_template (GTK_WIDGET (self));

  for (guint i = 1; i <= 30; i++)
    {
      g_autofree char *label = g_strdup_printf (_("Row %u"), i);
      gtk_list_box_append (self->listbox, gtk_label_new (label));
    }

  list_model = GTK_SELECTION_MODEL (gtk_multi_selection_new (numbered_items (200)));
  grid_model = GTK_SELECTION_MODEL (gtk_single_selection_new (numbered_items (100)));
  list_factory = label_factory ();
  grid_factory = label_factory ();
  gtk_list_view_set_model (self->listview, list_model);
  gtk_list_view_set_factory (self->listview, list_factory);
  gtk_grid_view_set_model (self->gridview, grid_model);
  gtk_grid_view_set_factory (self->gridview, grid_factory);

  for (guint i = 1; i <= 3; i++)
    {
      g_autofree char *title = g_strdup_printf (_("Tab %u"), i);
      AdwTabPage *page = adw_tab_view_append (self->tab_view, gtk_label_new (title));
      adw_tab_page_set_title (page, title);
    }

  for (guint i = 1; i <= 60; i++)
    g_string_append_printf (long_text, _("Line %u of a long text\n"), i);
  gtk_label_set_label (self->scrolled_text, long_text->str);
}
