package io.roster.app.crypto;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.databind.BeanDescription;
import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.SerializationConfig;
import com.fasterxml.jackson.databind.SerializerProvider;
import com.fasterxml.jackson.databind.deser.std.StdDeserializer;
import com.fasterxml.jackson.databind.introspect.Annotated;
import com.fasterxml.jackson.databind.introspect.NopAnnotationIntrospector;
import com.fasterxml.jackson.databind.module.SimpleModule;
import com.fasterxml.jackson.databind.ser.BeanPropertyWriter;
import com.fasterxml.jackson.databind.ser.BeanSerializerModifier;
import io.roster.events.PersonalData;
import io.roster.events.PersonalDataSubject;

import java.io.IOException;
import java.util.List;

/**
 * Jackson 2 module of the event serializer: fields marked {@link PersonalData} are written encrypted with the
 * key of the event's {@link PersonalDataSubject}, and read back through the vault (null once shredded).
 * Aggregates and projections only ever see plain values.
 */
public class PersonalDataModule extends SimpleModule {

    private final transient PersonalDataVault vault;

    public PersonalDataModule(PersonalDataVault vault) {
        super("roster-personal-data");
        this.vault = vault;
        setSerializerModifier(new EncryptingModifier());
    }

    @Override
    public void setupModule(SetupContext context) {
        super.setupModule(context);
        context.insertAnnotationIntrospector(new DecryptingIntrospector());
    }

    private final class EncryptingModifier extends BeanSerializerModifier {
        @Override
        public List<BeanPropertyWriter> changeProperties(SerializationConfig config, BeanDescription description,
                                                         List<BeanPropertyWriter> properties) {
            boolean subject = PersonalDataSubject.class.isAssignableFrom(description.getBeanClass());
            for (int i = 0; i < properties.size(); i++) {
                BeanPropertyWriter property = properties.get(i);
                if (property.getAnnotation(PersonalData.class) == null) {
                    continue;
                }
                if (!subject || property.getType().getRawClass() != String.class) {
                    throw new IllegalStateException(description.getBeanClass().getName() + "." + property.getName()
                            + ": @PersonalData needs a String field on a PersonalDataSubject");
                }
                properties.set(i, new EncryptingWriter(property));
            }
            return properties;
        }
    }

    private final class EncryptingWriter extends BeanPropertyWriter {
        EncryptingWriter(BeanPropertyWriter base) {
            super(base);
        }

        @Override
        public void serializeAsField(Object bean, JsonGenerator generator, SerializerProvider provider) throws Exception {
            Object value = get(bean);
            generator.writeFieldName(getName());
            if (value == null) {
                generator.writeNull();
            } else {
                generator.writeString(vault.encrypt(((PersonalDataSubject) bean).dataSubjectId(), (String) value));
            }
        }
    }

    private final class DecryptingIntrospector extends NopAnnotationIntrospector {
        @Override
        public Object findDeserializer(Annotated annotated) {
            return annotated.hasAnnotation(PersonalData.class) ? new DecryptingDeserializer() : null;
        }
    }

    private final class DecryptingDeserializer extends StdDeserializer<String> {
        DecryptingDeserializer() {
            super(String.class);
        }

        @Override
        public String deserialize(JsonParser parser, DeserializationContext context) throws IOException {
            String value = parser.getValueAsString();
            return value == null ? null : vault.decrypt(value).orElse(null);
        }
    }
}
